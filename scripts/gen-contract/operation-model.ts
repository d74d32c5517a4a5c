// Every operation of both specs → the generated table's entries (schemas as TypeBox code).
import { propertyKey } from './component-names.js';
import {
  createEmitContext,
  compare,
  type ComponentModel,
  type DocScope,
} from './component-model.js';
import type { EmitContext, Notebook } from './emit-context.js';
import {
  listOperations,
  parseRef,
  resolveComponent,
  type OaParameter,
  type OaRequestBody,
  type OaResponse,
  type RawOperation,
} from './openapi-types.js';
import { emitSchema } from './schema-emitter.js';

export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  group: string;
  tags: string[];
  deprecated: boolean;
  public: boolean;
  source: DocScope['source'];
  request: {
    params?: string;
    querystring?: string;
    queryStyle?: Record<string, { style: string; explode: boolean }>;
    body?: string;
    bodyRequired?: boolean;
    bodyContentType?: string;
  };
  /** `[status, code]`, code `null` when the status has no JSON body. */
  responses: [string, string][];
  deps: Set<string>;
}

export function buildOperations(
  model: ComponentModel,
  notebook: Notebook,
  knownFormats: ReadonlySet<string>,
): OperationEntry[] {
  const current = listOperations(model.current.doc).map((op) => ({ op, scope: model.current }));
  const seed = model.seedSelection.operations.map((op) => ({ op, scope: model.seedEra }));
  const routes = new Set<string>();
  const entries = [...current, ...seed].map(({ op, scope }) => {
    const route = `${op.method.toUpperCase()} ${op.path}`;
    if (routes.has(route)) throw new Error(`${route} is declared twice (${op.operationId})`);
    routes.add(route);
    const deps = new Set<string>();
    const ctx = createEmitContext(scope, deps, notebook, knownFormats);
    return buildOperation(op, scope, ctx, deps);
  });
  const ids = new Set(entries.map((entry) => entry.operationId));
  if (ids.size !== entries.length) throw new Error('Duplicate operationId across the specs');
  return entries.sort((a, b) => compare(a.operationId, b.operationId));
}

function buildOperation(
  raw: RawOperation,
  scope: DocScope,
  ctx: EmitContext,
  deps: Set<string>,
): OperationEntry {
  const op = raw.operation;
  const where = `${scope.source}:${raw.operationId}`;
  const security = op.security ?? scope.doc.security ?? [];
  const entry: OperationEntry = {
    operationId: raw.operationId,
    method: raw.method.toUpperCase(),
    path: raw.path,
    group: op['x-speakeasy-group'] ?? op.tags?.[0] ?? 'default',
    tags: op.tags ?? [],
    deprecated: op.deprecated === true,
    // `security: []`, or a requirement `{}` among the alternatives, means no auth needed.
    public: security.length === 0 || security.some((req) => Object.keys(req).length === 0),
    source: scope.source,
    request: {},
    responses: [],
    deps,
  };
  const parameters = mergeParameters(raw, scope);
  const path = parameters.filter((p) => p.in === 'path');
  const query = parameters.filter((p) => p.in === 'query');
  for (const p of parameters.filter((p) => p.in !== 'path' && p.in !== 'query')) {
    ctx.note(where, `${p.in} parameter "${p.name}" not carried into the table`);
  }
  if (path.length > 0) entry.request.params = parameterObject(path, ctx, `${where}/path`);
  if (query.length > 0) {
    entry.request.querystring = parameterObject(query, ctx, `${where}/query`);
    for (const p of query) {
      const explode = p.explode ?? (p.style === undefined || p.style === 'form');
      if ((p.style ?? 'form') !== 'form' || !explode) {
        entry.request.queryStyle ??= {};
        entry.request.queryStyle[p.name] = { style: p.style ?? 'form', explode };
      }
    }
  }
  if (op.requestBody !== undefined) addBody(entry, op.requestBody, scope, ctx, where);
  for (const status of Object.keys(op.responses).sort(compareStatus)) {
    const code = responseCode(op.responses[status]!, scope, ctx, deps, `${where}/${status}`);
    entry.responses.push([status, code]);
  }
  return entry;
}

/** Path-item parameters, overridden by operation parameters of the same name and location. */
function mergeParameters(raw: RawOperation, scope: DocScope): OaParameter[] {
  const resolve = (p: OaParameter) =>
    p.$ref !== undefined ? resolveComponent<OaParameter>(scope.doc, p.$ref, 'parameters') : p;
  const merged = new Map<string, OaParameter>();
  for (const p of [...raw.pathParameters, ...(raw.operation.parameters ?? [])].map(resolve)) {
    merged.set(`${p.in}:${p.name}`, p);
  }
  return [...merged.values()];
}

function parameterObject(parameters: OaParameter[], ctx: EmitContext, where: string): string {
  const entries = parameters.map((p) => {
    let schema = p.schema ?? {};
    if (p.schema === undefined) ctx.note(where, `parameter "${p.name}" has no schema`);
    if (p.deprecated === true) {
      if (schema.$ref !== undefined)
        ctx.note(where, `deprecated "${p.name}" is a $ref; flag dropped`);
      else schema = { ...schema, deprecated: true };
    }
    const code = emitSchema(schema, ctx, `${where}/${p.name}`);
    const required = p.in === 'path' || p.required === true;
    return `${propertyKey(p.name)}: ${required ? code : `Type.Optional(${code})`}`;
  });
  return `Type.Object({ ${entries.join(', ')} })`;
}

function addBody(
  entry: OperationEntry,
  body: OaRequestBody,
  scope: DocScope,
  ctx: EmitContext,
  where: string,
): void {
  const resolved =
    body.$ref !== undefined
      ? resolveComponent<OaRequestBody>(scope.doc, body.$ref, 'requestBodies')
      : body;
  const types = Object.keys(resolved.content ?? {}).sort();
  const contentType = types.includes('application/json') ? 'application/json' : types[0];
  if (contentType === undefined) return ctx.note(where, 'request body without content');
  if (types.length > 1)
    ctx.note(where, `request body types ${types.join(', ')}; kept ${contentType}`);
  const schema = resolved.content![contentType]!.schema;
  entry.request.body =
    schema !== undefined ? emitSchema(schema, ctx, `${where}/body`) : 'Type.Unknown()';
  entry.request.bodyRequired = resolved.required === true;
  entry.request.bodyContentType = contentType;
}

function responseCode(
  response: OaResponse,
  scope: DocScope,
  ctx: EmitContext,
  deps: Set<string>,
  where: string,
): string {
  let resolved = response;
  while (resolved.$ref !== undefined) {
    const id = scope.responseConsts.get(parseRef(resolved.$ref).name);
    if (id !== undefined) {
      deps.add(id);
      return id;
    }
    resolved = resolveComponent<OaResponse>(scope.doc, resolved.$ref, 'responses');
  }
  const content = resolved.content ?? {};
  const schema = content['application/json']?.schema;
  if (schema !== undefined) return emitSchema(schema, ctx, where);
  const others = Object.keys(content);
  if (others.length > 0) ctx.note(where, `only ${others.join(', ')} content; no JSON schema`);
  return 'null';
}

/** '200' < '201' < '400' < '4XX' < 'default'. */
function compareStatus(a: string, b: string): number {
  const rank = (s: string) => (/^\d{3}$/.test(s) ? Number(s) : s === 'default' ? 1000 : 999);
  return rank(a) - rank(b) || compare(a, b);
}

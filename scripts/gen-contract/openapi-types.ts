// The subset of OpenAPI 3.0 the generator reads, plus loading and ref lookup.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface OaSchema {
  [keyword: string]: unknown;
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, OaSchema>;
  required?: string[];
  additionalProperties?: boolean | OaSchema;
  items?: OaSchema;
  allOf?: OaSchema[];
  oneOf?: OaSchema[];
  anyOf?: OaSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  deprecated?: boolean;
}

export interface OaParameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  deprecated?: boolean;
  schema?: OaSchema;
  style?: string;
  explode?: boolean;
}

export interface OaMediaType {
  schema?: OaSchema;
}

export interface OaResponse {
  $ref?: string;
  content?: Record<string, OaMediaType>;
}

export interface OaRequestBody {
  $ref?: string;
  required?: boolean;
  content?: Record<string, OaMediaType>;
}

export interface OaOperation {
  operationId: string;
  tags?: string[];
  deprecated?: boolean;
  security?: Record<string, string[]>[];
  parameters?: OaParameter[];
  requestBody?: OaRequestBody;
  responses: Record<string, OaResponse>;
  'x-speakeasy-group'?: string;
}

export interface OaDocument {
  openapi: string;
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas?: Record<string, OaSchema>;
    responses?: Record<string, OaResponse>;
    parameters?: Record<string, OaParameter>;
    requestBodies?: Record<string, OaRequestBody>;
  };
}

export interface LoadedSpec {
  file: string;
  sha256: string;
  doc: OaDocument;
}

export interface RawOperation {
  operationId: string;
  method: string;
  path: string;
  operation: OaOperation;
  /** Parameters declared on the path item, shared by its operations. */
  pathParameters: OaParameter[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export async function loadSpec(file: string): Promise<LoadedSpec> {
  const text = await readFile(file, 'utf8');
  const doc = parse(text) as OaDocument;
  if (!doc || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.0')) {
    throw new Error(`${file} is not an OpenAPI 3.0 document`);
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { file, sha256, doc };
}

export function listOperations(doc: OaDocument): RawOperation[] {
  const result: RawOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OaOperation | undefined;
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method} ${path} has no operationId`);
      const pathParameters = (item.parameters as OaParameter[] | undefined) ?? [];
      result.push({ operationId: operation.operationId, method, path, operation, pathParameters });
    }
  }
  return result;
}

/** `#/components/schemas/User.List` → `{ section: 'schemas', name: 'User.List' }`. */
export function parseRef(ref: string): { section: string; name: string } {
  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`Unsupported $ref ${ref} (only local component refs are handled)`);
  return { section: match[1]!, name: decodeURIComponent(match[2]!) };
}

export function resolveComponent<T>(doc: OaDocument, ref: string, section: string): T {
  const parsed = parseRef(ref);
  if (parsed.section !== section) throw new Error(`Expected a ${section} ref, got ${ref}`);
  const table = doc.components[section as keyof OaDocument['components']] as
    Record<string, unknown> | undefined;
  const value = table?.[parsed.name];
  if (value === undefined) throw new Error(`Dangling $ref ${ref}`);
  return value as T;
}

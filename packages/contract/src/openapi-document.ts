import { STATUS_CODES } from 'node:http';
import type { TObject, TSchema } from 'typebox';
import { operations, type OperationId } from './generated/operations.js';
import type { OperationDefinition } from './operation-definition.js';
import { OpenApiSchemaConverter } from './openapi-schema.js';

export interface OpenApiDocumentOptions {
  /** The operations to list (typically the ones the server implements). */
  operationIds: readonly OperationId[];
  /** Base URL the paths hang off, including `/v1`: `http://127.0.0.1:3210/v1`. */
  serverUrl: string;
  title: string;
  version: string;
  /** `info.description`: CommonMark shown as the introduction by reference renderers. */
  description?: string;
}

type Json = Record<string, unknown>;

/**
 * An OpenAPI 3.0.3 document for the given operations: their parameters, request bodies and
 * response schemas, the component schemas they use, and bearer auth (secret key) on every
 * operation the spec does not mark public. No prose is carried over from the spec.
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions): Json {
  const converter = new OpenApiSchemaConverter();
  const paths: Record<string, Json> = {};
  const tags = new Set<string>();
  const ids = [...new Set(options.operationIds)].sort();
  for (const id of ids) {
    const op = (operations as Record<string, OperationDefinition>)[id];
    if (op === undefined) throw new Error(`Unknown operation ${id}`);
    op.tags.forEach((tag) => tags.add(tag));
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = operationObject(op, converter);
  }
  const sortedPaths = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((path) => [path, paths[path]]),
  );
  return {
    openapi: '3.0.3',
    info: {
      title: options.title,
      version: options.version,
      ...(options.description !== undefined ? { description: options.description } : {}),
    },
    servers: [{ url: options.serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths: sortedPaths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: converter.components(),
    },
  };
}

function operationObject(op: OperationDefinition, converter: OpenApiSchemaConverter): Json {
  const parameters = [
    ...parametersOf(op.request.params, 'path', op, converter),
    ...parametersOf(op.request.querystring, 'query', op, converter),
  ];
  const out: Json = { operationId: op.operationId, tags: [...op.tags] };
  if (op.deprecated) out.deprecated = true;
  if (op.public) out.security = [];
  if (parameters.length > 0) out.parameters = parameters;
  const { body, bodyContentType, bodyRequired } = op.request;
  if (body !== undefined) {
    out.requestBody = {
      required: bodyRequired === true,
      content: { [bodyContentType ?? 'application/json']: { schema: converter.convert(body) } },
    };
  }
  out.responses = Object.fromEntries(
    Object.entries(op.responses).map(([status, schema]) => [
      status,
      responseObject(status, schema, converter),
    ]),
  );
  return out;
}

function parametersOf(
  object: TObject | undefined,
  location: 'path' | 'query',
  op: OperationDefinition,
  converter: OpenApiSchemaConverter,
): Json[] {
  if (object === undefined) return [];
  const required = new Set((object as { required?: string[] }).required ?? []);
  return Object.entries(object.properties as Record<string, TSchema>).map(([name, schema]) => {
    const { deprecated, ...converted } = converter.convert(schema);
    const parameter: Json = {
      name,
      in: location,
      required: location === 'path' || required.has(name),
    };
    if (deprecated === true) parameter.deprecated = true;
    const style = op.request.queryStyle?.[name];
    if (location === 'query' && style !== undefined) {
      parameter.style = style.style;
      parameter.explode = style.explode;
    }
    parameter.schema = converted;
    return parameter;
  });
}

function responseObject(
  status: string,
  schema: TSchema | null,
  converter: OpenApiSchemaConverter,
): Json {
  // OpenAPI requires a description; the status text stands in for the spec's prose.
  const description = STATUS_CODES[Number(status)] ?? 'Response';
  if (schema === null) return { description };
  return { description, content: { 'application/json': { schema: converter.convert(schema) } } };
}

import {
  operations,
  paginatedEnvelopeOf,
  toFastifyPath,
  type PaginatedBody,
  type OperationDefinition,
  type OperationId,
  type RequestBody,
  type RequestParams,
  type RequestQuery,
  type SuccessBody,
} from '@castellan/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serializerFor } from '../http/serializer-compiler.js';
import { registerMultipartBody } from '../http/multipart-body.js';
import type { Scope } from './scope.js';
import { TextReply } from './text-reply.js';
import { unexplodedQuerySplitter } from './query-style.js';

type Operations = typeof operations;

/** What a handler receives: everything typed from the contract, validated before it runs. */
export interface HandlerInput<Id extends OperationId> {
  /** The caller's instance (absent for the few operations the spec marks public). */
  scope: Operations[Id]['public'] extends true ? undefined : Scope;
  params: RequestParams<Id>;
  query: RequestQuery<Id>;
  /** The JSON body; an operation whose body is optional gets `{}` when none was sent. */
  body: RequestBody<Id>;
  headers: FastifyRequest['headers'];
  /** The request itself, for the operations that stream their body (multipart uploads). */
  request: FastifyRequest;
  /**
   * The top-level body fields the client sent. Validation fills the spec's `default`s into
   * `body`, so a PATCH must ask here whether a defaulted field (UpdateOAuthApplication's
   * `scopes`) was sent or only filled.
   */
  sent: ReadonlySet<string>;
}

/**
 * A list that takes `paginated` may answer `{ data, total_count }` instead of its array; an
 * operation whose success has no JSON body (the interstitial) may answer a `TextReply`.
 */
export type Handler<Id extends OperationId> = (
  input: HandlerInput<Id>,
) => Promise<SuccessBody<Id> | PaginatedBody<Id> | TextReply>;

/** Any operation's handler, once the table's types have done their work. */
type ErasedHandler = (input: never) => Promise<unknown>;

/** A domain's routes: operationId → handler. Handlers call one service function each. */
export type RoutesTable = { readonly [Id in OperationId]?: Handler<Id> };

/** Declares a domain's routes table (the identity, for the types). */
export function defineRoutes<T extends RoutesTable>(routes: T): T {
  return routes;
}

function definitionOf(operationId: OperationId): OperationDefinition {
  return operations[operationId] as OperationDefinition;
}

/**
 * Registers a routes table: each operation's method, path, request schemas (validated
 * before the handler) and response schemas (serialized through them) come from the
 * contract; the reply's status is the operation's success status.
 */
export function registerRoutes(app: FastifyInstance, routes: RoutesTable): void {
  const multipart: [OperationId, ErasedHandler][] = [];
  for (const [operationId, handler] of Object.entries(routes) as [OperationId, ErasedHandler][]) {
    if (definitionOf(operationId).request.bodyContentType === 'multipart/form-data') {
      multipart.push([operationId, handler]);
    } else {
      registerRoute(app, operationId, handler);
    }
  }
  // Multipart bodies are accepted by these operations alone, in a context of their own.
  if (multipart.length > 0) {
    void app.register(async (uploads) => {
      await registerMultipartBody(uploads);
      for (const [operationId, handler] of multipart) registerRoute(uploads, operationId, handler);
    });
  }
}

/** Each request's sent body fields, recorded before validation fills in defaults. */
const sentFields = new WeakMap<FastifyRequest, ReadonlySet<string>>();
const NOTHING_SENT: ReadonlySet<string> = new Set();

function registerRoute(app: FastifyInstance, operationId: OperationId, handler: ErasedHandler) {
  const op = definitionOf(operationId);
  const { params, querystring, body } = op.request;
  const success = Object.keys(op.responses).find((status) => status.startsWith('2')) ?? '200';
  const response = Object.fromEntries(
    Object.entries(op.responses).filter(([, schema]) => schema !== null),
  );
  // A multipart body is streamed to the handler (`readSingleFile`), never parsed before it:
  // there is nothing to validate against the schema, which the handler's reader enforces.
  const streamed = op.request.bodyContentType === 'multipart/form-data';
  const bodyIsObject = !streamed && (body as { type?: unknown } | undefined)?.type === 'object';
  const splitQuery = unexplodedQuerySplitter(op);
  const envelope = paginatedEnvelopeOf(op);
  const serializeEnvelope =
    envelope && serializerFor(envelope as Parameters<typeof serializerFor>[0]);
  app.route({
    method: op.method,
    url: toFastifyPath(op.path),
    schema: {
      ...(params ? { params } : {}),
      ...(querystring ? { querystring } : {}),
      ...(body && !streamed ? { body } : {}),
      response,
    },
    config: { public: op.public, operationId },
    // An object body that was not sent is validated (and handled) as `{}`, so a required
    // field is reported missing and handlers never see `undefined`.
    ...(bodyIsObject || splitQuery
      ? {
          preValidation: async (request: FastifyRequest) => {
            if (bodyIsObject) {
              request.body ??= {};
              if (typeof request.body === 'object' && request.body !== null) {
                sentFields.set(request, new Set(Object.keys(request.body)));
              }
            }
            splitQuery?.(request);
          },
        }
      : {}),
    handler: async (request, reply) => {
      const result = await (handler as (input: unknown) => Promise<unknown>)({
        scope: request.scope,
        params: request.params,
        query: request.query,
        body: request.body,
        headers: request.headers,
        request,
        sent: sentFields.get(request) ?? NOTHING_SENT,
      });
      reply.code(Number(success));
      if (result instanceof TextReply) {
        reply.type(result.contentType);
        return result.body;
      }
      // The route's schema is the spec's array; the envelope has its own serializer.
      if (serializeEnvelope && !Array.isArray(result)) {
        reply.type('application/json').serializer(serializeEnvelope);
      }
      return result;
    },
  });
}

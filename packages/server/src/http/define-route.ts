import { operations, toFastifyPath, type OperationId } from '@castellan/contract';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../outbox/outbox-store.js';

type Operation<Id extends OperationId> = (typeof operations)[Id];
type JsonResponses<R> = { [S in keyof R as R[S] extends null ? never : S]: Exclude<R[S], null> };

/**
 * The Fastify route options of a contract operation: method, path, request schemas (so
 * requests are validated before the handler) and response schemas (so responses are
 * serialized through them). Spread it into `app.route({ ...routeOf('GetUser'), handler })`.
 */
export function routeOf<Id extends OperationId>(operationId: Id) {
  const op = operations[operationId] as Operation<Id>;
  const request = op.request as {
    params?: Operation<Id>['request'] extends { params: infer P } ? P : never;
    querystring?: Operation<Id>['request'] extends { querystring: infer Q } ? Q : never;
    body?: Operation<Id>['request'] extends { body: infer B } ? B : never;
  };
  const response = Object.fromEntries(
    Object.entries(op.responses).filter(([, schema]) => schema !== null),
  ) as JsonResponses<Operation<Id>['responses']>;
  return {
    method: op.method,
    url: toFastifyPath(op.path),
    schema: {
      ...(request.params ? { params: request.params } : {}),
      ...(request.querystring ? { querystring: request.querystring } : {}),
      ...(request.body ? { body: request.body } : {}),
      response,
    } as {
      params: Operation<Id>['request'] extends { params: infer P } ? P : undefined;
      querystring: Operation<Id>['request'] extends { querystring: infer Q } ? Q : undefined;
      body: Operation<Id>['request'] extends { body: infer B } ? B : undefined;
      response: JsonResponses<Operation<Id>['responses']>;
    },
    config: { public: op.public, operationId },
  };
}

/** Who made the request, as webhook events report it. */
export function requestContextOf(request: FastifyRequest): RequestContext {
  return { clientIp: request.ip, userAgent: request.headers['user-agent'] ?? '' };
}

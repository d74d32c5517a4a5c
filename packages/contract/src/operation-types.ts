import type { Static, TSchema } from 'typebox';
import type { OperationId, operations } from './generated/operations.js';

type Operations = typeof operations;

/** The JSON body type of an operation's response, e.g. `ResponseBody<'GetUser', '200'>`. */
export type ResponseBody<
  Id extends OperationId,
  Status extends keyof Operations[Id]['responses'],
> = Operations[Id]['responses'][Status] extends infer S extends TSchema ? Static<S> : undefined;

/** The JSON (or multipart) body type of an operation's request; `undefined` when it has none. */
export type RequestBody<Id extends OperationId> = Operations[Id]['request'] extends {
  body: infer S extends TSchema;
}
  ? Static<S>
  : undefined;

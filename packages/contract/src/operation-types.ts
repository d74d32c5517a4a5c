import type { Static, TSchema } from 'typebox';
import type { OperationId, operations } from './generated/operations.js';

type Operations = typeof operations;
type Request<Id extends OperationId> = Operations[Id]['request'];
type Responses<Id extends OperationId> = Operations[Id]['responses'];

/** The JSON body type of an operation's response, e.g. `ResponseBody<'GetUser', '200'>`. */
export type ResponseBody<
  Id extends OperationId,
  Status extends keyof Responses<Id>,
> = Responses<Id>[Status] extends infer S extends TSchema ? Static<S> : undefined;

/** The JSON (or multipart) body type of an operation's request; `undefined` when it has none. */
export type RequestBody<Id extends OperationId> =
  Request<Id> extends {
    body: infer S extends TSchema;
  }
    ? Static<S>
    : undefined;

/** The path parameters of an operation, e.g. `{ user_id: string }`; `{}` when it has none. */
export type RequestParams<Id extends OperationId> =
  Request<Id> extends {
    params: infer S extends TSchema;
  }
    ? Static<S>
    : Record<never, never>;

/** The query parameters of an operation as validated (coerced, defaults applied); `{}` when none. */
export type RequestQuery<Id extends OperationId> =
  Request<Id> extends {
    querystring: infer S extends TSchema;
  }
    ? Static<S>
    : Record<never, never>;

/** The success statuses (`2xx`) an operation declares. */
export type SuccessStatus<Id extends OperationId> = Extract<keyof Responses<Id>, `2${string}`>;

/** The body of an operation's success response (`undefined` for a bodiless one, e.g. 204). */
export type SuccessBody<Id extends OperationId> = ResponseBody<Id, SuccessStatus<Id>>;

import type { TObject, TSchema } from 'typebox';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A query parameter serialized differently from OpenAPI's default (`form`, exploded). */
export interface QueryStyle {
  readonly style: string;
  /** `false`: one key with comma-separated values (`a=x,y`), not repeated keys. */
  readonly explode: boolean;
}

/** One entry of the generated operation table. */
export interface OperationDefinition {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The spec's path without `/v1`, e.g. `/users/{user_id}`. */
  readonly path: string;
  /** `x-speakeasy-group` when the spec has one, else the first tag, as spelled there. */
  readonly group: string;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
  /** True when the spec lets the operation run without a secret key. */
  readonly public: boolean;
  /** `seed-era`: only the older spec has the operation (e.g. `CreateUserTOTP`). */
  readonly source: 'current' | 'seed-era';
  readonly request: {
    readonly params?: TObject;
    readonly querystring?: TObject;
    readonly queryStyle?: { readonly [name: string]: QueryStyle };
    readonly body?: TSchema;
    readonly bodyRequired?: boolean;
    readonly bodyContentType?: string;
  };
  /** Status (`'200'`, `'404'`, ...) → JSON body schema, or `null` when it has no JSON body. */
  readonly responses: { readonly [status: string]: TSchema | null };
}

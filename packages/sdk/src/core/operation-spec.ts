/** How one operation goes on the wire (the generated table's entries). */
export interface OperationSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the server URL (which ends in `/v1`), e.g. `/users/{user_id}`. */
  readonly path: string;
  /** Argument keys that fill the path's `{…}` segments. */
  readonly pathParams?: readonly string[];
  /** Argument keys sent in the query string (arrays as repeated keys). */
  readonly query?: readonly string[];
  /** Query keys whose arrays are sent as one comma-separated value (`explode: false`). */
  readonly commaQuery?: readonly string[];
  /** The body's encoding; every argument key that is not a path or query key goes in it. */
  readonly body?: 'json' | 'multipart';
  /** The body is this one argument (an array), not the remaining keys. */
  readonly bodyKey?: string;
  /** The spec lets the operation run without a secret key. */
  readonly public?: boolean;
}

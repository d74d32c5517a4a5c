/** One item of a Svix 422 answer (pydantic style): where, what, and a kind. */
export interface SvixValidationItem {
  loc: string[];
  msg: string;
  type: string;
}

/**
 * A failure of the Svix-compatible API, in Svix's own shapes (what the `svix` client parses
 * into `ApiException.body`): `{code, detail}` for most, `{detail: [{loc, msg, type}]}` for
 * a 422.
 */
export class SvixApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code: string; detail: string } | { detail: SvixValidationItem[] },
  ) {
    super(typeof body.detail === 'string' ? body.detail : 'validation error');
  }
}

export const svixErrors = {
  notFound: (what = 'Entity') =>
    new SvixApiError(404, { code: 'not_found', detail: `${what} not found` }),
  unauthorized: (detail: string) =>
    new SvixApiError(401, { code: 'authentication_failed', detail }),
  invalid: (items: SvixValidationItem[]) => new SvixApiError(422, { detail: items }),
  /** One field of the body (or query) at fault. */
  field: (where: 'body' | 'query', field: string, msg: string, type = 'value_error') =>
    new SvixApiError(422, { detail: [{ loc: [where, field], msg, type }] }),
};

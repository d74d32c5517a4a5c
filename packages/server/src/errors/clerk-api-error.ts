import { errorCatalogue, type ErrorCode } from './error-codes.js';

/** One item of the Clerk error envelope, in camelCase (rendered to snake_case on the wire). */
export interface ClerkErrorItem {
  code: string;
  message: string;
  longMessage: string;
  meta?: Record<string, unknown>;
}

/**
 * The one error type services throw. The error handler renders it as
 * `{"errors":[{message,long_message,code,meta}],"clerk_trace_id"}` with `status`.
 */
export class ClerkApiError extends Error {
  readonly status: number;
  readonly errors: ClerkErrorItem[];
  readonly headers: Record<string, string>;

  constructor(status: number, errors: ClerkErrorItem[], headers: Record<string, string> = {}) {
    super(errors[0]?.longMessage ?? errors[0]?.message ?? 'Clerk API error');
    this.name = 'ClerkApiError';
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }

  /** Builds an error from the catalogue: status and default messages come from the code. */
  static of(
    code: ErrorCode,
    overrides: { message?: string; longMessage?: string; meta?: Record<string, unknown> } = {},
  ): ClerkApiError {
    return new ClerkApiError(errorCatalogue[code].status, [itemOf(code, overrides)]);
  }
}

export function itemOf(
  code: ErrorCode,
  overrides: { message?: string; longMessage?: string; meta?: Record<string, unknown> } = {},
): ClerkErrorItem {
  const entry = errorCatalogue[code];
  const item: ClerkErrorItem = {
    code,
    message: overrides.message ?? entry.message,
    longMessage: overrides.longMessage ?? entry.longMessage,
  };
  if (overrides.meta) item.meta = overrides.meta;
  return item;
}

/** A 422 naming the parameter at fault, as Clerk's form errors do. */
export function paramError(
  code: ErrorCode,
  paramName: string,
  longMessage?: string,
  message?: string,
): ClerkApiError {
  return ClerkApiError.of(code, {
    ...(message ? { message } : {}),
    longMessage: longMessage ?? `${errorCatalogue[code].longMessage} (${paramName})`,
    meta: { param_name: paramName },
  });
}

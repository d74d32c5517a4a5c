/** One item of the Clerk error envelope, in camelCase (rendered to snake_case on the wire). */
export interface ClerkErrorItem {
  code: string;
  message: string;
  longMessage: string;
  meta?: Record<string, unknown>;
}

/**
 * The one error type services throw, made by the factories in `api-errors.ts`. The error
 * handler renders it as `{"errors":[{message,long_message,code,meta}],"clerk_trace_id"}`
 * with `status`.
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

  /** One error carrying the items of several (the status of the first), e.g. two taken identifiers. */
  static combine(errors: ClerkApiError[]): ClerkApiError {
    return new ClerkApiError(
      errors[0]!.status,
      errors.flatMap((e) => e.errors),
    );
  }
}

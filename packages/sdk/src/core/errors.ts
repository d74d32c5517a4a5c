import type { ClerkErrors as ClerkErrorsData } from '../generated/models.js';

/** What every error the SDK throws extends, so one `instanceof` catches them all. */
export class CastellanError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An HTTP answer that is not a success: its status, headers and body. */
export interface HTTPFailure {
  readonly statusCode: number;
  readonly headers: Headers;
  readonly body: string;
  readonly rawResponse: Response;
}

/**
 * A non-2xx answer carrying Clerk's error envelope (`{ errors: [...] }`): 400, 401, 410, 422
 * and any other status that carries it. `data.errors[]` are typed; `clerkTraceId` is the
 * trace id the server gave (envelope or `x-clerk-trace-id` header).
 */
export class ClerkErrors extends CastellanError implements HTTPFailure {
  readonly data: ClerkErrorsData;
  readonly statusCode: number;
  readonly headers: Headers;
  readonly body: string;
  readonly rawResponse: Response;
  readonly clerkTraceId: string | undefined;

  constructor(data: ClerkErrorsData, failure: HTTPFailure) {
    const first = data.errors[0];
    super(
      `${failure.statusCode} ${first?.code ?? 'error'}: ${first?.long_message ?? first?.message ?? 'request failed'}`,
    );
    this.data = data;
    this.statusCode = failure.statusCode;
    this.headers = failure.headers;
    this.body = failure.body;
    this.rawResponse = failure.rawResponse;
    this.clerkTraceId = data.clerk_trace_id ?? failure.headers.get('x-clerk-trace-id') ?? undefined;
  }
}

/** Any other non-2xx answer (4xx or 5xx without the Clerk envelope). */
export class SDKError extends CastellanError implements HTTPFailure {
  readonly statusCode: number;
  readonly headers: Headers;
  readonly body: string;
  readonly rawResponse: Response;

  constructor(message: string, failure: HTTPFailure) {
    super(
      `${message}: status ${failure.statusCode}${failure.body ? `, body: ${failure.body.slice(0, 500)}` : ''}`,
    );
    this.statusCode = failure.statusCode;
    this.headers = failure.headers;
    this.body = failure.body;
    this.rawResponse = failure.rawResponse;
  }
}

/** The server could not be reached, or the connection broke before an answer. */
export class ConnectionError extends CastellanError {}

/** No answer within `timeoutMs`. */
export class RequestTimeoutError extends CastellanError {}

/** The caller's `signal` aborted the request. */
export class RequestAbortedError extends CastellanError {}

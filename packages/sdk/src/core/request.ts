import { logFailure, logRequest, logResponse } from './debug.js';
import {
  CastellanError,
  ClerkErrors,
  ConnectionError,
  RequestAbortedError,
  RequestTimeoutError,
  SDKError,
  type HTTPFailure,
} from './errors.js';
import { encodeMultipart, multipartParts } from './files.js';
import { HookFailure, HTTPClient, OutgoingRequest } from './http-client.js';
import type { OperationSpec } from './operation-spec.js';
import type { ClientOptions, RequestOptions } from './options.js';
import {
  backoffDelay,
  DEFAULT_RETRY_CONFIG,
  IDEMPOTENT_METHODS,
  retryAfterMs,
  retryPolicy,
} from './retries.js';

/** The servers `serverIdx` chooses from. */
export const SERVERS = ['https://api.clerk.com/v1', 'http://127.0.0.1:3210/v1'] as const;

export const SDK_VERSION = '0.1.0';

type Args = Record<string, unknown>;

interface Encoded {
  url: string;
  body: string | FormData | ReadableStream<Uint8Array> | undefined;
  contentType: string | undefined;
  replayable: boolean;
  /** Stops a streamed body's sources when its request is over. */
  stop?: (reason?: unknown) => Promise<void>;
  /** The body as text, for the debug log. */
  logBody: string | undefined;
}

/** Sends operations: URL, query, body, auth, retries, timeouts and errors. */
export class Core {
  readonly serverURL: string;
  private readonly http: HTTPClient;

  constructor(readonly options: ClientOptions = {}) {
    const idx = options.serverIdx ?? 0;
    const server = options.serverURL ?? SERVERS[idx];
    if (server === undefined) {
      throw new CastellanError(`serverIdx ${idx} is not one of 0..${SERVERS.length - 1}`);
    }
    this.serverURL = server.replace(/\/+$/, '');
    this.http =
      options.httpClient ?? new HTTPClient(options.fetch ? { fetcher: options.fetch } : {});
  }

  /** Runs one operation and returns its parsed answer. */
  async call(spec: OperationSpec, args: Args = {}, options: RequestOptions = {}): Promise<unknown> {
    const encoded = this.encode(spec, args, options);
    const policy = retryPolicy(options.retries ?? this.options.retryConfig ?? DEFAULT_RETRY_CONFIG);
    const retryable =
      policy !== undefined &&
      encoded.replayable &&
      (IDEMPOTENT_METHODS.has(spec.method) || policy.retryNonIdempotent);
    const started = Date.now();
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const timed = timeoutMs !== undefined && timeoutMs > 0;
    const maxElapsed = policy?.backoff.maxElapsedTime ?? 0;
    /** Waits `delay` and says to try again, unless that would end past `maxElapsedTime`. */
    const waitToRetry = async (delay: number): Promise<boolean> => {
      if (Date.now() + delay - started > maxElapsed) return false;
      await sleep(delay, options.signal);
      return true;
    };
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(options.signal);
      // Only a caller's signal or a timeout needs a controller: a call without either
      // (most of them) builds one Request and no signal.
      const controller = options.signal || timed ? new AbortController() : undefined;
      const request = await this.request(spec, encoded, options, controller?.signal);
      // The signal may have fired while an async bearerAuth ran, before anyone listened.
      throwIfAborted(options.signal);
      const onAbort = () => controller?.abort(options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      const timer = timed
        ? setTimeout(() => {
            timedOut = true;
            controller?.abort();
          }, timeoutMs)
        : undefined;
      const sent = Date.now();
      try {
        if (this.options.debugLogger)
          logRequest(this.options.debugLogger, request, encoded.logBody);
        // A failure before the answer's headers or while reading its body is the same
        // transport failure: both are retried as connection errors.
        let response: Response | undefined;
        let text: string;
        try {
          response = await this.http.sendInit(request.url, request.init);
          text = await response.text();
        } catch (error) {
          if (error instanceof HookFailure) throw error.error;
          const failure = options.signal?.aborted
            ? new RequestAbortedError('the request was aborted', { cause: error })
            : timedOut
              ? new RequestTimeoutError(`no answer within ${timeoutMs} ms`, { cause: error })
              : new ConnectionError(
                  response
                    ? `the answer broke off: ${(error as Error)?.message ?? error}`
                    : `could not reach ${new URL(request.url).origin}: ${(error as Error)?.message ?? error}`,
                  { cause: error },
                );
          if (this.options.debugLogger) {
            logFailure(this.options.debugLogger, request, failure, Date.now() - sent);
          }
          if (failure instanceof RequestAbortedError) throw failure;
          if (
            retryable &&
            policy.retryConnectionErrors &&
            (await waitToRetry(backoffDelay(policy.backoff, attempt)))
          ) {
            continue;
          }
          throw failure;
        }
        if (this.options.debugLogger) {
          logResponse(this.options.debugLogger, request, response, text, Date.now() - sent);
        }
        if (response.ok) return parseSuccess(response, text);
        if (
          retryable &&
          policy.retriesStatus(response.status) &&
          (await waitToRetry(
            retryAfterMs(response.headers.get('retry-after')) ??
              backoffDelay(policy.backoff, attempt),
          ))
        ) {
          continue;
        }
        throw errorOf(response, text);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        // A streamed body is sent once: whatever of it is still unread is dropped.
        await encoded.stop?.(options.signal?.reason);
      }
    }
  }

  private encode(spec: OperationSpec, args: Args, options: RequestOptions): Encoded {
    const base = (options.serverURL ?? this.serverURL).replace(/\/+$/, '');
    let path = spec.path;
    for (const name of spec.pathParams ?? []) {
      const value = args[name];
      if (value === undefined || value === null || value === '') {
        throw new CastellanError(`${name} is required`);
      }
      path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    }
    const query = new URLSearchParams();
    const comma = new Set(spec.commaQuery ?? []);
    for (const name of spec.query ?? []) {
      const value = args[name];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) {
        if (comma.has(name)) query.append(name, value.map(String).join(','));
        else for (const v of value) query.append(name, String(v));
      } else if (typeof value === 'object') query.append(name, JSON.stringify(value));
      else query.append(name, String(value));
    }
    const qs = query.toString();
    const url = `${base}${path}${qs ? `?${qs}` : ''}`;
    if (spec.body === undefined) {
      return { url, body: undefined, contentType: undefined, replayable: true, logBody: undefined };
    }
    let fields: unknown;
    if (spec.bodyKey !== undefined) fields = args[spec.bodyKey];
    else {
      const taken = new Set([...(spec.pathParams ?? []), ...(spec.query ?? [])]);
      fields = Object.fromEntries(
        Object.entries(args).filter(([k, v]) => !taken.has(k) && v !== undefined),
      );
    }
    if (spec.body === 'multipart') {
      const multipart = encodeMultipart(multipartParts((fields ?? {}) as Args));
      return {
        url,
        body: multipart.body,
        contentType: multipart.contentType,
        replayable: multipart.replayable,
        stop: multipart.stop,
        logBody: '[multipart]',
      };
    }
    const json = JSON.stringify(fields ?? {});
    return { url, body: json, contentType: 'application/json', replayable: true, logBody: json };
  }

  private async request(
    spec: OperationSpec,
    encoded: Encoded,
    options: RequestOptions,
    signal: AbortSignal | undefined,
  ) {
    // A plain record: undici's Headers and Request are costly to build, and a call without
    // hooks reaches fetch as (url, init), building one Request (fetch's own), not three.
    const headers: Record<string, string> = {};
    if (options.headers) new Headers(options.headers).forEach((v, k) => (headers[k] = v));
    headers.accept ??= 'application/json';
    if (encoded.contentType) headers['content-type'] ??= encoded.contentType;
    const auth = this.options.bearerAuth;
    const token = typeof auth === 'function' ? await auth() : auth;
    if (token) headers.authorization ??= token.startsWith('Bearer ') ? token : `Bearer ${token}`;
    headers['x-castellan-sdk'] ??= `typescript/${SDK_VERSION}`;
    const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers };
    if (signal) init.signal = signal;
    if (encoded.body !== undefined) {
      init.body = encoded.body;
      if (encoded.body instanceof ReadableStream) init.duplex = 'half';
    }
    return new OutgoingRequest(encoded.url, init, headers);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new RequestAbortedError('the request was aborted', { cause: signal.reason });
}

function parseSuccess(response: Response, text: string): unknown {
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (/[/+]json\b/i.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new SDKError('the answer is not valid JSON', failureOf(response, text));
    }
  }
  return text;
}

function failureOf(response: Response, text: string): HTTPFailure {
  return {
    statusCode: response.status,
    headers: response.headers,
    body: text,
    rawResponse: response,
  };
}

function errorOf(response: Response, text: string): CastellanError {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (data && typeof data === 'object' && Array.isArray((data as { errors?: unknown }).errors)) {
    return new ClerkErrors(
      data as ConstructorParameters<typeof ClerkErrors>[0],
      failureOf(response, text),
    );
  }
  return new SDKError('API error occurred', failureOf(response, text));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new RequestAbortedError('the request was aborted', { cause: signal.reason }));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RequestAbortedError('the request was aborted', { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

import type { Fetcher } from './options.js';

export type BeforeRequestHook = (request: Request) => Request | void | Promise<Request | void>;
export type RequestErrorHook = (error: unknown, request: Request) => void | Promise<void>;
export type ResponseHook = (response: Response, request: Request) => void | Promise<void>;

/**
 * The HTTP client the SDK sends through: `fetch` by default, or the fetcher given, with hooks
 * to change requests (add headers, trace) and observe answers and errors (log).
 */
export class HTTPClient {
  private readonly fetcher: Fetcher;
  private readonly before: BeforeRequestHook[] = [];
  private readonly errors: RequestErrorHook[] = [];
  private readonly responses: ResponseHook[] = [];

  constructor(options: { fetcher?: Fetcher } = {}) {
    this.fetcher = options.fetcher ?? ((request) => fetch(request));
  }

  addHook(hook: 'beforeRequest', fn: BeforeRequestHook): this;
  addHook(hook: 'requestError', fn: RequestErrorHook): this;
  addHook(hook: 'response', fn: ResponseHook): this;
  addHook(
    hook: 'beforeRequest' | 'requestError' | 'response',
    fn: BeforeRequestHook | RequestErrorHook | ResponseHook,
  ): this {
    if (hook === 'beforeRequest') this.before.push(fn as BeforeRequestHook);
    else if (hook === 'requestError') this.errors.push(fn as RequestErrorHook);
    else this.responses.push(fn as ResponseHook);
    return this;
  }

  /** Sends a request through the hooks and the fetcher. */
  async request(request: Request): Promise<Response> {
    try {
      return await this.send(request);
    } catch (error) {
      throw error instanceof HookFailure ? error.error : error;
    }
  }

  /** As `request`, with a hook's error wrapped in a `HookFailure` (the SDK sends this way). */
  async send(request: Request): Promise<Response> {
    let req = request;
    for (const hook of this.before) req = (await runHook(() => hook(req))) ?? req;
    let response: Response;
    try {
      response = await this.fetcher(req);
    } catch (error) {
      for (const hook of this.errors) await runHook(() => hook(error, req));
      throw error;
    }
    for (const hook of this.responses) await runHook(() => hook(response, req));
    return response;
  }
}

/**
 * What a hook threw, set apart from network failures: the caller gets the hook's own error,
 * and a call is not retried because of it.
 */
export class HookFailure {
  constructor(readonly error: unknown) {}
}

async function runHook<T>(hook: () => T | Promise<T>): Promise<T> {
  try {
    return await hook();
  } catch (error) {
    throw new HookFailure(error);
  }
}

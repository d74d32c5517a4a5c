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
  /** No fetcher of the caller's: the global `fetch`. */
  private readonly globalFetch: boolean;
  private readonly before: BeforeRequestHook[] = [];
  private readonly errors: RequestErrorHook[] = [];
  private readonly responses: ResponseHook[] = [];

  constructor(options: { fetcher?: Fetcher } = {}) {
    this.fetcher = options.fetcher ?? ((request) => fetch(request));
    this.globalFetch = options.fetcher === undefined;
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

  /**
   * Sends `url` with `init`: straight to the global `fetch` when nothing needs a Request
   * object (no hooks, no fetcher of the caller's), else as a Request through `send`.
   */
  sendInit(url: string, init: RequestInit): Promise<Response> {
    const hooked = this.before.length + this.errors.length + this.responses.length > 0;
    if (this.globalFetch && !hooked) return fetch(url, init);
    return this.send(new Request(url, init));
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

/** A request about to be sent: its URL and init, and what the debug log shows of it. */
export class OutgoingRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
    private readonly headerRecord: Record<string, string>,
  ) {}

  get method(): string {
    return this.init.method ?? 'GET';
  }

  get headers(): Headers {
    return new Headers(this.headerRecord);
  }
}

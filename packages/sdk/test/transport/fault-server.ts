import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { Castellan } from '../../src/index.js';
import type { ClientOptions } from '../../src/core/options.js';

/** One request as the fault server received it. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** When it arrived (ms since the server started), to check the waits between attempts. */
  at: number;
  /** The whole body, once the client has sent it. */
  body: Promise<Buffer>;
}

/** How the server answers one request; it may leave the request hanging on purpose. */
export type Answer = (req: IncomingMessage, res: ServerResponse) => void;

export interface FaultServer {
  /** The base URL, ending in `/v1`. */
  url: string;
  /** Every request received, in order. */
  seen: Seen[];
  /** Queues the answers of the next requests; after them, every request gets `200 []`. */
  answer(...answers: Answer[]): void;
  /** Resolves when the server has received its `n`th request (1-based). */
  received(n: number): Promise<Seen>;
  /** A client of this server: bearer key `sk_test_fault`, no retries unless given. */
  client(options?: ClientOptions): Castellan;
}

export const FAULT_KEY = 'sk_test_fault_0123456789abcdef';

/** A scripted HTTP server on a free port, closed when the test that made it ends. */
export async function faultServer(): Promise<FaultServer> {
  const started = Date.now();
  const queue: Answer[] = [];
  const seen: Seen[] = [];
  const waiters: Array<{ n: number; resolve: (s: Seen) => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const body = new Promise<Buffer>((resolve, reject) => {
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    body.catch(() => {});
    const entry: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      at: Date.now() - started,
      body,
    };
    seen.push(entry);
    for (const w of waiters.filter((w) => w.n === seen.length)) w.resolve(entry);
    (queue.shift() ?? json(200, []))(req, res);
  });
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/v1`;
  return {
    url,
    seen,
    answer: (...answers) => queue.push(...answers),
    received: (n) =>
      seen.length >= n
        ? Promise.resolve(seen[n - 1]!)
        : new Promise((resolve) => waiters.push({ n, resolve })),
    client: (options = {}) =>
      new Castellan({
        serverURL: url,
        bearerAuth: FAULT_KEY,
        retryConfig: { strategy: 'none' },
        ...options,
      }),
  };
}

/** Answers once the request body has been read, so the connection stays reusable. */
function afterBody(req: IncomingMessage, send: () => void): void {
  req.resume();
  if (req.readableEnded) send();
  else req.on('end', send);
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (req, res) =>
    afterBody(req, () => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Answer {
  return (req, res) =>
    afterBody(req, () => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(body);
    });
}

/** Clerk's error envelope. */
export function clerkErrors(
  status: number,
  code: string,
  extra: { traceId?: string; headers?: Record<string, string> } = {},
): Answer {
  return json(
    status,
    {
      errors: [{ code, message: `${code} message`, long_message: `${code} long message` }],
      ...(extra.traceId ? { clerk_trace_id: extra.traceId } : {}),
    },
    extra.headers,
  );
}

/** Drops the connection without an answer. */
export const reset: Answer = (req) => req.socket.destroy();

/** Sends the status line and part of the body, then drops the connection. */
export const breakMidAnswer: Answer = (req, res) =>
  afterBody(req, () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('[{"id":');
    setImmediate(() => req.socket.destroy());
  });

/** Never answers (the connection is closed after the test). */
export const hang: Answer = (req) => req.resume();

/** Sends the headers and the start of the body, then nothing more. */
export const stallBody: Answer = (req, res) =>
  afterBody(req, () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
  });

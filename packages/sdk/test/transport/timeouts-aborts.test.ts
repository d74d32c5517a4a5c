import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  CastellanError,
  RequestAbortedError,
  RequestTimeoutError,
  type RetryConfig,
} from '../../src/index.js';
import { faultServer, hang, json, stallBody, text } from './fault-server.js';

const retryAll: RetryConfig = {
  strategy: 'backoff',
  backoff: { initialInterval: 60_000, maxInterval: 60_000, exponent: 1, maxElapsedTime: 600_000 },
  retryConnectionErrors: true,
};

const quick: RetryConfig = {
  strategy: 'backoff',
  backoff: { initialInterval: 1, maxInterval: 1, exponent: 1, maxElapsedTime: 60_000 },
  retryConnectionErrors: true,
};

describe('timeouts', () => {
  it('the client’s timeoutMs abandons an attempt that gets no answer', async () => {
    const server = await faultServer();
    server.answer(hang);
    const started = Date.now();
    const err = await server
      .client({ timeoutMs: 50 })
      .users.getUserList({})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err).toBeInstanceOf(CastellanError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a per-call timeoutMs overrides the client’s', async () => {
    const server = await faultServer();
    server.answer(hang);
    await expect(
      server.client({ timeoutMs: 60_000 }).users.getUserList({}, { timeoutMs: 50 }),
    ).rejects.toBeInstanceOf(RequestTimeoutError);

    // A longer per-call timeout lets a slow answer through.
    server.answer((req, res) => {
      req.resume();
      setTimeout(() => json(200, [{ id: 'slow' }])(req, res), 100);
    });
    const users = await server
      .client({ timeoutMs: 20 })
      .users.getUserList({}, { timeoutMs: 10_000 });
    expect(users).toEqual([{ id: 'slow' }]);
  });

  it('a body that stalls after the headers times out', async () => {
    const server = await faultServer();
    server.answer(stallBody);
    const started = Date.now();
    await expect(server.client({ timeoutMs: 100 }).users.getUserList({})).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('each attempt has its own timeout; timeouts are retried with retryConnectionErrors', async () => {
    const server = await faultServer();
    server.answer(hang, stallBody);
    const users = await server.client({ timeoutMs: 50, retryConfig: quick }).users.getUserList({});
    expect(users).toEqual([]);
    expect(server.seen).toHaveLength(3);
  });
});

describe('aborts', () => {
  it('a signal aborted before the call sends nothing', async () => {
    const server = await faultServer();
    const err = await server
      .client({ retryConfig: retryAll })
      .users.getUserList({}, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(err).toBeInstanceOf(CastellanError);
    expect(server.seen).toHaveLength(0);
  });

  it('aborting during a request ends it promptly, with no further attempt', async () => {
    const server = await faultServer();
    server.answer(hang);
    const controller = new AbortController();
    const call = server
      .client({ retryConfig: retryAll, timeoutMs: 60_000 })
      .users.getUserList({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    await server.received(1);
    const aborted = Date.now();
    controller.abort();
    expect(await call).toBeInstanceOf(RequestAbortedError);
    expect(Date.now() - aborted).toBeLessThan(1000);
    expect(server.seen).toHaveLength(1);
  });

  it('aborting while the body is read ends the call', async () => {
    const server = await faultServer();
    server.answer(stallBody);
    const controller = new AbortController();
    const client = server.client({
      retryConfig: retryAll,
      fetch: async (request) => {
        const response = await fetch(request);
        controller.abort();
        return response;
      },
    });
    const err = await client.users
      .getUserList({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(server.seen).toHaveLength(1);
  });

  it('aborting during the wait before a retry ends it promptly', async () => {
    const server = await faultServer();
    server.answer(text(503, 'down'));
    const controller = new AbortController();
    let abortedAt = 0;
    // The answer is logged just before the 60 s wait begins; abort shortly into it.
    const debugLogger = {
      log: () => {},
      group: (title: string) => {
        if (title.startsWith('< 503')) {
          setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 20);
        }
      },
    };
    const err = await server
      .client({ retryConfig: retryAll, debugLogger })
      .users.getUserList({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(server.seen).toHaveLength(1);
  });

  it('aborting while an async bearerAuth runs ends the call before anything is sent', async () => {
    const server = await faultServer();
    server.answer(hang);
    const controller = new AbortController();
    const bearerAuth = async () => {
      controller.abort();
      await Promise.resolve();
      return 'sk_test_late';
    };
    const err = await server
      .client({ bearerAuth, retryConfig: retryAll })
      .users.getUserList({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(server.seen).toHaveLength(0);
  });

  it('aborting a streamed upload ends it promptly and cancels the source', async () => {
    const server = await faultServer();
    server.answer(hang);
    const controller = new AbortController();
    let cancelled: unknown = 'not cancelled';
    const file = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new Uint8Array([1, 2, 3])),
      cancel: (reason) => void (cancelled = reason),
    });
    const call = server
      .client()
      .users.setUserProfileImage({ user_id: 'user_1', file }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await server.received(1);
    const aborted = Date.now();
    controller.abort();
    expect(await call).toBeInstanceOf(RequestAbortedError);
    expect(Date.now() - aborted).toBeLessThan(1000);
    // Fetch leaves a request body alone on abort: the SDK stops the source itself.
    expect(cancelled).toBe(controller.signal.reason);
  });

  it('a streamed upload that times out destroys its Node source', async () => {
    const server = await faultServer();
    server.answer(hang);
    const file = new PassThrough();
    file.write('partial');
    const err = await server
      .client({ timeoutMs: 50 })
      .users.setUserProfileImage({ user_id: 'user_1', file })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(file.destroyed).toBe(true);
  });

  it('the abort reason is kept as the cause', async () => {
    const server = await faultServer();
    const reason = new Error('user left');
    const err = (await server
      .client()
      .users.getUserList({}, { signal: AbortSignal.abort(reason) })
      .catch((e: unknown) => e)) as RequestAbortedError;
    expect(err.cause).toBe(reason);
  });
});

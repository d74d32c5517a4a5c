import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClerkErrors, ConnectionError, SDKError, type RetryConfig } from '../../src/index.js';
import { backoffDelay, retryAfterMs } from '../../src/core/retries.js';
import { clerkErrors, faultServer, json, reset, breakMidAnswer, text } from './fault-server.js';

/** Backoff with waits the tests can afford; `Math.random` is pinned to 1 (no jitter). */
function backoff(
  overrides: Partial<Extract<RetryConfig, { strategy: 'backoff' }>['backoff']> = {},
  extra: Omit<Extract<RetryConfig, { strategy: 'backoff' }>, 'strategy' | 'backoff'> = {},
): RetryConfig {
  return {
    strategy: 'backoff',
    backoff: {
      initialInterval: 20,
      maxInterval: 1000,
      exponent: 2,
      maxElapsedTime: 10_000,
      ...overrides,
    },
    ...extra,
  };
}

const unavailable = () => text(503, 'down');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('backoffDelay', () => {
  const strategy = { initialInterval: 100, maxInterval: 1000, exponent: 2, maxElapsedTime: 0 };

  it('grows by the exponent up to maxInterval', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(strategy, n, () => 1));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters within 50–100% of the computed interval', () => {
    for (const attempt of [0, 2, 5]) {
      const full = backoffDelay(strategy, attempt, () => 1);
      expect(backoffDelay(strategy, attempt, () => 0)).toBe(full / 2);
      expect(backoffDelay(strategy, attempt, () => 0.5)).toBe((full * 3) / 4);
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(strategy, attempt);
        expect(d).toBeGreaterThanOrEqual(full / 2);
        expect(d).toBeLessThanOrEqual(full);
      }
    }
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('retries against a fault server', () => {
  it('retries 429 and 5xx with growing waits, then succeeds', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const server = await faultServer();
    server.answer(json(429, {}), unavailable(), text(500, 'oops'), json(200, [{ id: 'user_1' }]));
    const users = await server.client({ retryConfig: backoff() }).users.getUserList({});
    expect(users).toEqual([{ id: 'user_1' }]);
    expect(server.seen.map((s) => s.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
    const gaps = server.seen.slice(1).map((s, i) => s.at - server.seen[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
  });

  it('without retryConfig, retries 5xx and connection errors of idempotent calls', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // the shortest wait, 250 ms
    const server = await faultServer();
    const client = server.client({ retryConfig: undefined });
    server.answer(unavailable(), reset);
    expect(await client.users.getUserList({})).toEqual([]);
    expect(server.seen).toHaveLength(3);
    server.answer(unavailable());
    await expect(client.users.createUser({})).rejects.toBeInstanceOf(SDKError);
    expect(server.seen).toHaveLength(4);
  });

  it('does not retry other 4xx answers', async () => {
    const server = await faultServer();
    server.answer(clerkErrors(404, 'resource_not_found'));
    const err = await server
      .client({ retryConfig: backoff() })
      .users.getUserList({})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClerkErrors);
    expect(server.seen).toHaveLength(1);
  });

  it('honours Retry-After in seconds over the backoff', async () => {
    const server = await faultServer();
    server.answer(json(429, {}, { 'retry-after': '0' }));
    const started = Date.now();
    await server
      .client({ retryConfig: backoff({ initialInterval: 30_000 }) })
      .users.getUserList({});
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.seen).toHaveLength(2);

    server.answer(json(503, {}, { 'retry-after': '1' }));
    const again = Date.now();
    await server.client({ retryConfig: backoff({ initialInterval: 1 }) }).users.getUserList({});
    expect(Date.now() - again).toBeGreaterThanOrEqual(990);
    expect(server.seen).toHaveLength(4);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const server = await faultServer();
    server.answer(json(429, {}, { 'retry-after': new Date(Date.now() - 60_000).toUTCString() }));
    const started = Date.now();
    await server
      .client({ retryConfig: backoff({ initialInterval: 30_000 }) })
      .users.getUserList({});
    expect(Date.now() - started).toBeLessThan(5000);

    // Two seconds ahead, truncated to the second: at least one second away.
    server.answer(json(429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }));
    const again = Date.now();
    await server.client({ retryConfig: backoff({ initialInterval: 1 }) }).users.getUserList({});
    expect(Date.now() - again).toBeGreaterThanOrEqual(990);
    expect(server.seen).toHaveLength(4);
  });

  it('stops retrying when the next attempt would start after maxElapsedTime', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const server = await faultServer();
    server.answer(unavailable(), unavailable(), unavailable());
    // Waits of 100 then 1000 ms: the second would end past 1000 ms after the first attempt.
    const err = await server
      .client({
        retryConfig: backoff({ initialInterval: 100, exponent: 10, maxElapsedTime: 1000 }),
      })
      .users.getUserList({})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SDKError);
    expect((err as SDKError).statusCode).toBe(503);
    expect(server.seen).toHaveLength(2);
  });

  it('a Retry-After past maxElapsedTime ends the retries at once', async () => {
    const server = await faultServer();
    server.answer(json(429, {}, { 'retry-after': '3600' }));
    const started = Date.now();
    const err = await server
      .client({ retryConfig: backoff({ maxElapsedTime: 1000 }) })
      .users.getUserList({})
      .catch((e: unknown) => e);
    expect((err as SDKError).statusCode).toBe(429);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.seen).toHaveLength(1);
  });

  it('retries connection errors only with retryConnectionErrors', async () => {
    const server = await faultServer();
    server.answer(reset);
    const err = await server
      .client({ retryConfig: backoff() })
      .users.getUserList({})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(1);

    server.answer(reset, reset);
    const users = await server
      .client({ retryConfig: backoff({}, { retryConnectionErrors: true }) })
      .users.getUserList({});
    expect(users).toEqual([]);
    expect(server.seen).toHaveLength(4);
  });

  it('retries an answer broken off after its headers as a connection error', async () => {
    const server = await faultServer();
    server.answer(breakMidAnswer);
    const err = await server
      .client({ retryConfig: backoff() })
      .users.getUserList({})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(1);

    server.answer(breakMidAnswer);
    const users = await server
      .client({ retryConfig: backoff({}, { retryConnectionErrors: true }) })
      .users.getUserList({});
    expect(users).toEqual([]);
    expect(server.seen).toHaveLength(3);
  });

  it('does not retry POST or PATCH unless retryNonIdempotent', async () => {
    const server = await faultServer();
    const client = server.client({ retryConfig: backoff({}, { retryConnectionErrors: true }) });
    server.answer(unavailable());
    await expect(client.users.createUser({ first_name: 'A' })).rejects.toBeInstanceOf(SDKError);
    server.answer(unavailable());
    await expect(client.users.updateUser({ user_id: 'user_1', first_name: 'B' })).rejects.toThrow(
      /503/,
    );
    server.answer(reset);
    await expect(client.users.createUser({})).rejects.toBeInstanceOf(ConnectionError);
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'PATCH', 'POST']);

    // DELETE is idempotent: retried.
    server.answer(unavailable());
    await client.users.deleteUser({ user_id: 'user_1' });
    expect(server.seen.slice(3).map((s) => s.method)).toEqual(['DELETE', 'DELETE']);

    const eager = server.client({ retryConfig: backoff({}, { retryNonIdempotent: true }) });
    server.answer(unavailable(), json(200, { id: 'user_2' }));
    expect(await eager.users.createUser({ first_name: 'C' })).toEqual({ id: 'user_2' });
    server.answer(json(429, {}), json(200, { id: 'user_1' }));
    await eager.users.updateUser({ user_id: 'user_1', first_name: 'D' });
    const retried = server.seen.slice(5);
    expect(retried.map((s) => s.method)).toEqual(['POST', 'POST', 'PATCH', 'PATCH']);
    // Each attempt sent the whole body again.
    const bodies = await Promise.all(retried.map((s) => s.body.then(String)));
    expect(bodies.map((b) => JSON.parse(b) as unknown)).toEqual([
      { first_name: 'C' },
      { first_name: 'C' },
      { first_name: 'D' },
      { first_name: 'D' },
    ]);
  });

  it('per-call retries override the client’s', async () => {
    const server = await faultServer();
    server.answer(unavailable());
    await server.client().users.getUserList({}, { retries: backoff() });
    expect(server.seen).toHaveLength(2);

    server.answer(unavailable());
    const err = await server
      .client({ retryConfig: backoff() })
      .users.getUserList({}, { retries: { strategy: 'none' } })
      .catch((e: unknown) => e);
    expect((err as SDKError).statusCode).toBe(503);
    expect(server.seen).toHaveLength(3);
  });

  it("{ strategy: 'none' } sends once", async () => {
    const server = await faultServer();
    server.answer(json(429, {}, { 'retry-after': '0' }));
    const err = await server
      .client({ retryConfig: { strategy: 'none' } })
      .users.getUserList({})
      .catch((e: unknown) => e);
    expect((err as SDKError).statusCode).toBe(429);
    expect(server.seen).toHaveLength(1);
  });

  it('statusCodes chooses what is retried', async () => {
    const server = await faultServer();
    server.answer(unavailable());
    await expect(
      server
        .client({ retryConfig: { ...backoff(), statusCodes: [429] } as RetryConfig })
        .users.getUserList({}),
    ).rejects.toBeInstanceOf(SDKError);
    expect(server.seen).toHaveLength(1);
  });
});

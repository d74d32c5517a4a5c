import { describe, expect, it } from 'vitest';
import {
  Castellan,
  CastellanError,
  ConnectionError,
  HTTPClient,
  SERVERS,
  type RetryConfig,
} from '../../src/index.js';
import { FAULT_KEY, faultServer, json, reset, text } from './fault-server.js';

const quick: RetryConfig = {
  strategy: 'backoff',
  backoff: { initialInterval: 1, maxInterval: 1, exponent: 1, maxElapsedTime: 60_000 },
  retryConnectionErrors: true,
};

/** A fetch that records each request's URL and answers `[]` without a network. */
function recordingFetch() {
  const urls: string[] = [];
  const fetcher = (request: Request) => {
    urls.push(request.url);
    return Promise.resolve(Response.json([]));
  };
  return { urls, fetcher };
}

describe('authentication', () => {
  it('sends a bearerAuth string as a bearer token', async () => {
    const server = await faultServer();
    await server.client().users.getUserList({});
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${FAULT_KEY}`);
    await server.client({ bearerAuth: `Bearer ${FAULT_KEY}` }).users.getUserList({});
    expect(server.seen[1]!.headers.authorization).toBe(`Bearer ${FAULT_KEY}`);
  });

  it('calls an async bearerAuth before every attempt', async () => {
    const server = await faultServer();
    server.answer(text(503, 'down'), text(503, 'down'));
    let calls = 0;
    const bearerAuth = async () => {
      await Promise.resolve();
      return `sk_test_rotated_${++calls}`;
    };
    await server.client({ bearerAuth, retryConfig: quick }).users.getUserList({});
    expect(calls).toBe(3);
    expect(server.seen.map((s) => s.headers.authorization)).toEqual([
      'Bearer sk_test_rotated_1',
      'Bearer sk_test_rotated_2',
      'Bearer sk_test_rotated_3',
    ]);
  });

  it('sends no authorization without bearerAuth', async () => {
    const server = await faultServer();
    await server.client({ bearerAuth: undefined }).users.getUserList({});
    expect(server.seen[0]!.headers.authorization).toBeUndefined();
  });
});

describe('servers', () => {
  it('serverIdx 0 is Clerk and 1 a local Castellan', async () => {
    expect(SERVERS).toEqual(['https://api.clerk.com/v1', 'http://127.0.0.1:3210/v1']);
    for (const [options, base] of [
      [{}, 'https://api.clerk.com/v1'],
      [{ serverIdx: 0 }, 'https://api.clerk.com/v1'],
      [{ serverIdx: 1 }, 'http://127.0.0.1:3210/v1'],
    ] as const) {
      const { urls, fetcher } = recordingFetch();
      const client = new Castellan({ ...options, fetch: fetcher });
      expect(client.serverURL).toBe(base);
      await client.users.getUser({ user_id: 'user_1' });
      expect(urls).toEqual([`${base}/users/user_1`]);
    }
  });

  it('serverURL overrides serverIdx, trailing slashes dropped', async () => {
    const { urls, fetcher } = recordingFetch();
    const client = new Castellan({ serverIdx: 1, serverURL: 'https://x.test/v1/', fetch: fetcher });
    expect(client.serverURL).toBe('https://x.test/v1');
    await client.users.getUserList({ limit: 2 });
    expect(urls).toEqual(['https://x.test/v1/users?limit=2']);
  });

  it('an unknown serverIdx throws', () => {
    for (const serverIdx of [2, -1, 1.5]) {
      expect(() => new Castellan({ serverIdx })).toThrow(CastellanError);
    }
  });

  it('a per-call serverURL sends that call elsewhere', async () => {
    const server = await faultServer();
    const client = new Castellan({
      serverURL: 'http://127.0.0.1:1/v1',
      bearerAuth: FAULT_KEY,
      retryConfig: { strategy: 'none' },
    });
    expect(await client.users.getUserList({}, { serverURL: server.url })).toEqual([]);
    expect(server.seen[0]!.url).toBe('/v1/users');
    await expect(client.users.getUserList({})).rejects.toBeInstanceOf(ConnectionError);
  });

  it('per-call headers reach the server', async () => {
    const server = await faultServer();
    await server.client().users.getUserList({}, { headers: { 'x-test': 'one' } });
    await server.client().users.getUserList({}, { headers: new Headers({ 'x-test': 'two' }) });
    expect(server.seen.map((s) => s.headers['x-test'])).toEqual(['one', 'two']);
    expect(server.seen[0]!.headers.accept).toBe('application/json');
    expect(server.seen[0]!.headers['x-castellan-sdk']).toMatch(/^typescript\//);
  });
});

describe('custom HTTP', () => {
  it('sends every request through a fetch function', async () => {
    const server = await faultServer();
    const methods: string[] = [];
    const client = server.client({
      fetch: (request) => {
        methods.push(request.method);
        return fetch(request);
      },
    });
    await client.users.getUserList({});
    await client.users.createUser({ first_name: 'A' });
    expect(methods).toEqual(['GET', 'POST']);
    expect(JSON.parse(String(await server.seen[1]!.body))).toEqual({ first_name: 'A' });
  });

  it('an HTTPClient’s hooks add headers and see answers and errors', async () => {
    const server = await faultServer();
    server.answer(text(503, 'down'), reset, json(200, [{ id: 'user_1' }]));
    const statuses: number[] = [];
    const errors: Array<{ error: unknown; url: string }> = [];
    let attempt = 0;
    const httpClient = new HTTPClient()
      .addHook('beforeRequest', (request) => {
        const headers = new Headers(request.headers);
        headers.set('x-trace', `t${++attempt}`);
        return new Request(request, { headers });
      })
      .addHook('requestError', (error, request) => {
        errors.push({ error, url: request.url });
      })
      .addHook('response', (response) => {
        statuses.push(response.status);
      });
    const users = await server.client({ httpClient, retryConfig: quick }).users.getUserList({});
    expect(users).toEqual([{ id: 'user_1' }]);
    expect(server.seen.map((s) => s.headers['x-trace'])).toEqual(['t1', 't2', 't3']);
    expect(statuses).toEqual([503, 200]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.url).toBe(`${server.url}/users`);
    expect(errors[0]!.error).toBeInstanceOf(Error);
  });

  it.each(['beforeRequest', 'response', 'requestError'] as const)(
    'an error thrown by a %s hook reaches the caller as it is, not retried',
    async (hook) => {
      const server = await faultServer();
      server.answer(hook === 'requestError' ? reset : text(503, 'down'));
      const broken = new RangeError(`${hook} broke`);
      const httpClient = new HTTPClient().addHook(hook as 'beforeRequest', () => {
        throw broken;
      });
      const err = await server
        .client({ httpClient, retryConfig: quick })
        .users.getUserList({})
        .catch((e: unknown) => e);
      expect(err).toBe(broken);
      expect(server.seen).toHaveLength(hook === 'beforeRequest' ? 0 : 1);
      // Used on its own, the client throws the hook's error too.
      server.answer(hook === 'requestError' ? reset : text(503, 'down'));
      await expect(httpClient.request(new Request(`${server.url}/users`))).rejects.toBe(broken);
    },
  );

  it('an HTTPClient takes precedence over fetch, and may wrap one', async () => {
    const server = await faultServer();
    let wrapped = 0;
    const httpClient = new HTTPClient({
      fetcher: (request) => {
        wrapped++;
        return fetch(request);
      },
    });
    await server
      .client({
        httpClient,
        fetch: () => Promise.reject(new Error('not this one')),
      })
      .users.getUserList({});
    expect(wrapped).toBe(1);
  });
});

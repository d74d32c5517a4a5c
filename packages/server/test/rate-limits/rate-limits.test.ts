import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import type { RateLimitOptions } from '../../src/rate-limits/rate-limit-config.js';
import { createInstance } from '../../src/instances/instance-service.js';
import { Api } from '../helpers/api.js';
import { TestClock } from '../helpers/test-clock.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  testDialects,
  type TestDatabase,
} from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** The start of a 10 s window (windows are aligned on the epoch). */
const WINDOW_START = Date.UTC(2031, 0, 1, 0, 0, 0);

interface LimitedServer {
  app: FastifyInstance;
  clock: TestClock;
  /** A new instance of `environment` on this server, with the API under its key. */
  instance(environment: 'development' | 'production'): Promise<Api>;
}

let made = 0;

async function startLimitedServer(
  testDb: TestDatabase,
  rateLimits: RateLimitOptions | undefined,
): Promise<LimitedServer> {
  const clock = new TestClock();
  const app = await createServer({
    database: testDb.database,
    encryptionKey: TEST_ENCRYPTION_KEY,
    logger: false,
    clock,
    rateLimits,
  });
  return {
    app,
    clock,
    async instance(environment) {
      made += 1;
      const name = `rate-${process.pid}-${made}`;
      const { secretKey } = await createInstance(testDb.database.db, {
        name,
        frontendApi:
          environment === 'production' ? `clerk.${name}.example.com` : `${name}.localhost`,
        environment,
        secrets: app.castellan.secrets,
      });
      return new Api(app, secretKey);
    },
  };
}

async function newUserId(api: Api): Promise<string> {
  const user = await api.ok('CreateUser', {
    body: { email_address: [uniqueEmail('rate')], skip_password_requirement: true },
  });
  return user.id;
}

describe.each(testDialects())('Backend API rate limits, in memory (%s)', (dialect) => {
  let testDb: TestDatabase;
  /** `mode: 'all'`, 3 requests per 10 s: small enough to reach in a test. */
  let small: LimitedServer;
  /** The defaults: Clerk's limits on production instances only. */
  let defaults: LimitedServer;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    small = await startLimitedServer(testDb, { mode: 'all', max: 3, windowMs: 10_000 });
    defaults = await startLimitedServer(testDb, undefined);
  });
  afterAll(async () => {
    await small?.app.close();
    await defaults?.app.close();
    await testDb?.database.close();
    await testDb?.drop();
  });

  it('answers 429 too_many_requests with Retry-After over the budget, and again 200 once the window is over', async () => {
    const api = await small.instance('production');
    small.clock.set(WINDOW_START + 2_000);
    for (let i = 0; i < 3; i += 1) await api.ok('GetUserList');
    const refused = await api.call('GetUserList');
    // Validated against the contract: 429 is a platform status and carries the envelope.
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0]).toMatchObject({
      code: 'too_many_requests',
      message: 'Too many requests',
    });
    expect(refused.body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(refused.headers['retry-after']).toBe('8');
    // Every operation of the instance shares the budget.
    await api.fail('GetUsersCount', {}, 429, 'too_many_requests');

    small.clock.advance(7_999);
    expect((await api.call('GetUserList')).headers['retry-after']).toBe('1');
    small.clock.advance(1);
    await api.ok('GetUserList');
  });

  it('gives each instance a budget of its own', async () => {
    const first = await small.instance('production');
    const second = await small.instance('production');
    small.clock.set(WINDOW_START + 20_000);
    for (let i = 0; i < 3; i += 1) await first.ok('GetUserList');
    await first.fail('GetUserList', {}, 429, 'too_many_requests');
    for (let i = 0; i < 3; i += 1) await second.ok('GetUserList');
    await second.fail('GetUserList', {}, 429, 'too_many_requests');
  });

  it('limits development instances only with mode all', async () => {
    const limited = await small.instance('development');
    small.clock.set(WINDOW_START + 40_000);
    for (let i = 0; i < 3; i += 1) await limited.ok('GetUserList');
    await limited.fail('GetUserList', {}, 429, 'too_many_requests');

    const free = await defaults.instance('development');
    defaults.clock.set(WINDOW_START + 40_000);
    // Past Clerk's per-user limit and its development budget (100 / 10 s): never throttled.
    const userId = await newUserId(free);
    for (let i = 0; i < 12; i += 1)
      await free.ok('UpdateUserMetadata', {
        params: { user_id: userId },
        body: { public_metadata: { i } },
      });
    for (let i = 0; i < 110; i += 1) await free.ok('GetUsersCount');
  });

  it('does not count GetJWKS, which Clerk leaves unlimited', async () => {
    const api = await small.instance('production');
    small.clock.set(WINDOW_START + 60_000);
    for (let i = 0; i < 6; i += 1) await api.ok('GetJWKS');
    for (let i = 0; i < 3; i += 1) await api.ok('GetUserList');
    await api.fail('GetUserList', {}, 429, 'too_many_requests');
  });

  it("applies Clerk's per-user limit to user updates of production instances: 10 per 10 s per user", async () => {
    const api = await defaults.instance('production');
    defaults.clock.set(WINDOW_START + 80_000);
    const [alice, bob] = [await newUserId(api), await newUserId(api)];
    for (let i = 0; i < 10; i += 1)
      await api.ok('UpdateUserMetadata', {
        params: { user_id: alice },
        body: { public_metadata: { i } },
      });
    const refused = await api.fail(
      'UpdateUser',
      { params: { user_id: alice }, body: { first_name: 'Alice' } },
      429,
      'too_many_requests',
    );
    expect(refused.errors[0]!.long_message).toContain('user updates');
    await api.ok('UpdateUser', { params: { user_id: bob }, body: { first_name: 'Bob' } });
    await api.ok('GetUser', { params: { user_id: alice } });
    defaults.clock.advance(10_000);
    await api.ok('UpdateUser', { params: { user_id: alice }, body: { first_name: 'Alice' } });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { serve, stop, type Running } from '../cli/run-cli.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  testDialects,
} from '../helpers/test-server.js';
import { REDIS_URL, redisAvailable, uniqueRedisPrefix } from './redis.js';

const runs = await redisAvailable();
const MAX = 6;
/** One hour: the windows are aligned on the epoch, and the test keeps clear of their edges. */
const WINDOW_MS = 3_600_000;

/** Waits past a window's edge when one is near, so every request of the test counts in one window. */
async function awayFromWindowEdge(): Promise<void> {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < 30_000) await sleep(left + 100);
}

/**
 * Two real server processes (the CLI) on one database with `REDIS_URL` share one budget:
 * requests spread over both count together, and the (MAX+1)th, whichever node gets it, is
 * refused by both.
 */
describe.skipIf(!runs).each(testDialects())('rate limits shared through Redis (%s)', (dialect) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
  });

  it('gives two nodes one budget', async () => {
    const testDb = await createTestDatabase(dialect);
    cleanup.push(() => testDb.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'castellan-rate-'));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const redis = uniqueRedisPrefix();
    cleanup.push(() => redis.clean());

    // Migrate and bootstrap once, so the two nodes start on a ready database.
    const setup = await createServer({
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      encryptionKey: TEST_ENCRYPTION_KEY,
      logger: false,
    });
    await setup.close();
    await testDb.database.close();

    const env = {
      // A SQLite file path or a PostgreSQL URL: both nodes on the same database.
      DATABASE_URL: testDb.url,
      CLERK_SECRET_KEY: TEST_SECRET_KEY,
      CASTELLAN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      // The default instance is a development one: `all` limits it too.
      CASTELLAN_RATE_LIMIT: 'all',
      CASTELLAN_RATE_LIMIT_MAX: String(MAX),
      CASTELLAN_RATE_LIMIT_WINDOW_MS: String(WINDOW_MS),
      CASTELLAN_RATE_LIMIT_REDIS_PREFIX: redis.prefix,
      REDIS_URL,
      LOG_LEVEL: 'warn',
    };
    const nodes: Running[] = [];
    for (let i = 0; i < 2; i += 1) {
      const node = await serve(['--data-dir', dataDir], env);
      cleanup.push(() => stop(node));
      nodes.push(node);
    }
    const get = (node: Running) =>
      fetch(`${node.url}/v1/users?limit=1`, {
        headers: { authorization: `Bearer ${TEST_SECRET_KEY}` },
      });

    await awayFromWindowEdge();
    for (let i = 0; i < MAX; i += 1) expect((await get(nodes[i % 2]!)).status).toBe(200);
    for (const node of nodes) {
      const refused = await get(node);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as { errors: { code: string }[] };
      expect(body.errors[0]!.code).toBe('too_many_requests');
    }
    expect(nodes.map((node) => node.output()).join('')).not.toMatch(/Redis is not answering/);
  }, 120_000);
});

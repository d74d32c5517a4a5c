import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, serve, stop, type Running } from '../cli/run-cli.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  testDialects,
  type TestDatabase,
} from '../helpers/test-server.js';

const KEY = 'sk_test_firstKeyOfTheMultiNodeTest00000001';
const PINNED = 'sk_test_pinnedOnNodeAOfTheMultiNodeTest0002';
/** A short key cache, so the test waits for it in seconds, not tens of seconds. */
const TTL_MS = 1_000;
/** Room for a request in flight and a busy machine on top of the TTL. */
const SLACK_MS = 4_000;
/** Each node's PostgreSQL connections at most (CASTELLAN_DATABASE_POOL_SIZE). */
const POOL_SIZE = 3;

/** Connections to the database other than the asking one. */
async function connectionsTo(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return (result.rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

interface Answer {
  status: number;
  body: any;
}

async function call(node: Running, key: string, url: string, init: RequestInit = {}) {
  const response = await fetch(`${node.url}${url}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as unknown } as Answer;
}

/** Polls until `check` holds, failing once `deadline` (ms since epoch) has passed. */
async function until(what: string, deadline: number, check: () => Promise<boolean>) {
  for (;;) {
    if (await check()) return Date.now();
    if (Date.now() > deadline) throw new Error(`${what}: not by the deadline`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Two real server processes (the CLI) on one PostgreSQL database, as several nodes behind a
 * load balancer run (docs/deployment.md): what one node writes, the other reads; unique
 * identifiers hold across them; keys created, revoked or pinned on one reach the other
 * within the key cache's TTL.
 */
describe.runIf(testDialects().includes('postgres'))(
  'two nodes on one PostgreSQL',
  { timeout: 120_000 },
  () => {
    let database: TestDatabase;
    let dir: string;
    let env: Record<string, string>;
    let a: Running;
    let b: Running;
    const nodeEnv = () => ({
      ...env,
      // Behind one load balancer every node names the same public URL (image URLs).
      CASTELLAN_PUBLIC_URL: 'https://auth.example.com',
      CASTELLAN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      CASTELLAN_SECRET_KEY_CACHE_TTL_MS: String(TTL_MS),
      CASTELLAN_DATABASE_POOL_SIZE: String(POOL_SIZE),
      LOG_LEVEL: 'warn',
    });
    const cli = (...args: string[]) => runCli(args, nodeEnv());

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      await database.database.close(); // the nodes open their own connections
      env = { DATABASE_URL: database.url };
      dir = mkdtempSync(path.join(tmpdir(), 'castellan-nodes-'));
      // Each node has a data dir of its own, as on separate machines.
      a = await serve(['--data-dir', path.join(dir, 'a')], { ...nodeEnv(), CLERK_SECRET_KEY: KEY });
      b = await serve(['--data-dir', path.join(dir, 'b')], { ...nodeEnv(), CLERK_SECRET_KEY: KEY });
    });
    afterAll(async () => {
      for (const node of [a, b]) if (node) await stop(node);
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('nodes started at once on a new database, pinning one key, share one default instance', async () => {
      const fresh = await createTestDatabase('postgres');
      await fresh.database.close();
      const started: Running[] = [];
      try {
        const env = { ...nodeEnv(), DATABASE_URL: fresh.url, CLERK_SECRET_KEY: KEY };
        const outcomes = await Promise.allSettled(
          ['x', 'y', 'z'].map((n) => serve(['--data-dir', path.join(dir, `fresh-${n}`)], env)),
        );
        for (const outcome of outcomes)
          if (outcome.status === 'fulfilled') started.push(outcome.value);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
        const ids = new Set<string>();
        for (const node of started) {
          const created = await call(node, KEY, '/v1/users', {
            method: 'POST',
            body: JSON.stringify({
              email_address: [`fresh-${ids.size}@example.com`],
              skip_password_requirement: true,
            }),
          });
          expect(created.status).toBe(200);
          ids.add(created.body.id as string);
        }
        const listed = await call(started[0]!, KEY, '/v1/users/count');
        expect(listed.body.total_count).toBe(3);
        const instances = await runCli(['instances', 'list', '--json'], {
          ...nodeEnv(),
          DATABASE_URL: fresh.url,
        });
        expect(JSON.parse(instances.stdout)).toHaveLength(1);
      } finally {
        for (const node of started) await stop(node);
        await fresh.drop();
      }
    });

    it('a user created on one node is read, updated and deleted on the other', async () => {
      const created = await call(a, KEY, '/v1/users', {
        method: 'POST',
        body: JSON.stringify({
          email_address: ['across@example.com'],
          first_name: 'Ada',
          skip_password_requirement: true,
        }),
      });
      expect(created.status).toBe(200);
      const id = created.body.id as string;

      const read = await call(b, KEY, `/v1/users/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      const listed = await call(b, KEY, '/v1/users?email_address=across@example.com');
      expect(listed.body.map((u: { id: string }) => u.id)).toEqual([id]);

      const updated = await call(b, KEY, `/v1/users/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ first_name: 'Grace' }),
      });
      expect(updated.status).toBe(200);
      expect(updated.body.first_name).toBe('Grace');
      for (const node of [a, b]) {
        const after = await call(node, KEY, `/v1/users/${id}`);
        expect(after.body.first_name).toBe('Grace');
        expect(after.body.updated_at).toBe(updated.body.updated_at);
      }

      const deleted = await call(b, KEY, `/v1/users/${id}`, { method: 'DELETE' });
      expect(deleted.body).toEqual({ id, object: 'user', deleted: true });
      for (const node of [a, b]) {
        const gone = await call(node, KEY, `/v1/users/${id}`);
        expect(gone.status).toBe(404);
        expect(gone.body.errors[0].code).toBe('resource_not_found');
      }
    });

    it('concurrent creates of one email across both nodes: one succeeds, the rest get 422, within each pool', async () => {
      for (let round = 0; round < 3; round++) {
        const email = `race-${round}@example.com`;
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            call(i % 2 === 0 ? a : b, KEY, '/v1/users', {
              method: 'POST',
              body: JSON.stringify({ email_address: [email], skip_password_requirement: true }),
            }),
          ),
        );
        const created = answers.filter((x) => x.status === 200);
        const refused = answers.filter((x) => x.status !== 200);
        expect(created).toHaveLength(1);
        expect(refused).toHaveLength(9);
        for (const answer of refused) {
          expect(answer.status).toBe(422);
          expect(answer.body.errors[0].code).toBe('form_identifier_exists');
        }
        const listed = await call(b, KEY, `/v1/users?email_address=${email}`);
        expect(listed.body.map((u: { id: string }) => u.id)).toEqual([created[0]!.body.id]);
      }
      // Ten requests at once on each round, yet each node stayed within its pool.
      expect(await connectionsTo(database.url)).toBeLessThanOrEqual(2 * POOL_SIZE);
    });

    it('a key created on one node works on the other within the TTL; a revoked one stops', async () => {
      const instanceId = JSON.parse((await cli('instances', 'list', '--json')).stdout)[0]
        .id as string;
      // Node B asks about a key before it exists: it caches the miss.
      const fresh = 'sk_test_notYetCreatedKeyOfTheMultiNodeTest0003';
      expect((await call(b, fresh, '/v1/users/count')).status).toBe(401);

      const created = await cli('keys', 'create', '--instance', instanceId);
      expect(created.code).toBe(0);
      const newKey = /Secret key:\s+(sk_test_[A-Za-z0-9]+)/.exec(created.stdout)![1]!;
      const createdAt = Date.now();
      expect((await call(a, newKey, '/v1/users/count')).status).toBe(200);
      await until('the new key works on node B', createdAt + TTL_MS + SLACK_MS, async () => {
        return (await call(b, newKey, '/v1/users/count')).status === 200;
      });

      // Both nodes now trust the old key from their caches; revoke it on "one of them".
      for (const node of [a, b])
        expect((await call(node, KEY, '/v1/users/count')).status).toBe(200);
      const revoked = await cli('keys', 'revoke', `sk_test_…${KEY.slice(-4)}`);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain('Waiting 1 s for every node');
      // The command waited out the TTL: no node may accept the key any more.
      for (const node of [a, b]) {
        const refused = await call(node, KEY, '/v1/users/count');
        expect(refused.status).toBe(401);
        expect(refused.body.errors[0].code).toBe('authentication_invalid');
        expect((await call(node, newKey, '/v1/users/count')).status).toBe(200);
      }
    });

    it('a key pinned by restarting one node reaches the other within the TTL', async () => {
      const keys = JSON.parse((await cli('instances', 'list', '--json')).stdout)[0];
      expect(keys.id).toMatch(/^ins_/);
      const before = await cli('keys', 'list', '--instance', keys.id, '--json');
      const active = (JSON.parse(before.stdout) as { revoked_at: number | null }[]).filter(
        (k) => k.revoked_at === null,
      );
      expect(active).toHaveLength(1);
      const created = await cli('keys', 'create', '--instance', keys.id);
      const current = /Secret key:\s+(sk_test_[A-Za-z0-9]+)/.exec(created.stdout)![1]!;
      for (const node of [a, b])
        await until('the current key works', Date.now() + TTL_MS + SLACK_MS, async () => {
          return (await call(node, current, '/v1/users/count')).status === 200;
        });

      // Node A restarts pinning another key in place of the stored ones.
      await stop(a);
      a = await serve(['--data-dir', path.join(dir, 'a'), '--replace-secret-key'], {
        ...nodeEnv(),
        CLERK_SECRET_KEY: PINNED,
      });
      const pinnedAt = Date.now(); // the replacement committed before the banner
      expect(a.stdout()).toContain('replaced');
      expect((await call(a, PINNED, '/v1/users/count')).status).toBe(200);
      expect((await call(a, current, '/v1/users/count')).status).toBe(401);
      await until('node B accepts the pinned key', pinnedAt + TTL_MS + SLACK_MS, async () => {
        return (await call(b, PINNED, '/v1/users/count')).status === 200;
      });
      await until('node B refuses the replaced key', pinnedAt + TTL_MS + SLACK_MS, async () => {
        return (await call(b, current, '/v1/users/count')).status === 401;
      });
    });
  },
);

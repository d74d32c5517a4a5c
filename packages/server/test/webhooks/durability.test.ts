import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { serve, stop, type Running } from '../cli/run-cli.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  testDialects,
} from '../helpers/test-server.js';
import { insertTestEndpoint } from './endpoints.js';
import { Receiver } from './receiver.js';

const USERS = 200;
/** SIGKILL once this many of the burst's requests have been answered. */
const KILL_AFTER = 90;

/**
 * At-least-once across a crash: the real server (the CLI, a child process) is killed with
 * SIGKILL in the middle of a burst of writes and deliveries and started again on the same
 * database; the receiver must then hold every committed change, duplicates only under the
 * same `svix-id`, and nothing for a write that did not commit.
 */
describe.each(testDialects())('webhook durability (%s)', (dialect) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
  });

  it('delivers every committed change after a SIGKILL and a restart', async () => {
    const testDb = await createTestDatabase(dialect);
    cleanup.push(() => testDb.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'castellan-durability-'));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const receiver = await Receiver.start({});
    cleanup.push(() => receiver.close());

    // Migrate, bootstrap the default instance and add its endpoint before the CLI starts.
    const setup = await createServer({
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      encryptionKey: TEST_ENCRYPTION_KEY,
      logger: false,
    });
    const instanceId = setup.castellan.bootstrap.instance.id;
    const endpoint = await insertTestEndpoint(testDb.database, setup.castellan.secrets, {
      instanceId,
      url: receiver.url,
    });
    receiver.secret = endpoint.secret;
    await setup.close();
    await testDb.database.close();

    const env = {
      DATABASE_URL: testDb.url,
      CLERK_SECRET_KEY: TEST_SECRET_KEY,
      CASTELLAN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      CASTELLAN_WEBHOOK_POLL_INTERVAL_MS: '100',
      // The killed worker's leases (2 × timeout + 5 s) expire sooner after the restart.
      CASTELLAN_WEBHOOK_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'warn',
    };
    const start = () => serve(['--data-dir', dataDir], env);
    let running: Running = await start();
    cleanup.push(async () => void (await stop(running, 'SIGKILL')));

    // The burst: creates with 8 in flight, every 10th reusing a taken email (422, no event).
    const answered: number[] = [];
    let killed: Promise<unknown> | undefined;
    const create = async (i: number, url: string) => {
      const email = i % 10 === 9 ? `burst-${i - 1}@example.com` : `burst-${i}@example.com`;
      const res = await fetch(`${url}/v1/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email_address: [email], skip_password_requirement: true }),
      }).catch(() => undefined);
      if (res) answered.push(res.status);
      if (answered.length === KILL_AFTER && !killed) killed = stop(running, 'SIGKILL');
    };
    let next = 0;
    const url = running.url;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < USERS && !killed) await create(next++, url);
      }),
    );
    await killed;

    running = await start();
    const listUsers = async () => {
      const res = await fetch(`${running.url}/v1/users?limit=500`, {
        headers: { authorization: `Bearer ${TEST_SECRET_KEY}` },
      });
      return ((await res.json()) as { id: string }[]).map((u) => u.id);
    };
    const users = await listUsers();
    expect(users.length).toBeGreaterThan(0);
    expect(answered.filter((status) => status === 422).length).toBeGreaterThan(0);
    const created = () =>
      new Set(
        receiver.hits.filter((h) => h.event?.type === 'user.created').map((h) => h.event!.data.id),
      );
    await receiver.waitFor(() => users.every((id) => created().has(id)), 60_000);

    // Every request verified; one svix-id per change, the same bytes whenever it came again.
    expect(receiver.hits.every((hit) => hit.refused === undefined)).toBe(true);
    const bodies = new Map<string, string>();
    for (const hit of receiver.hits) {
      expect(bodies.get(hit.svixId) ?? hit.body).toBe(hit.body);
      bodies.set(hit.svixId, hit.body);
    }
    const userIdsBySvixId = new Map(receiver.hits.map((h) => [h.svixId, h.event!.data.id]));
    expect(userIdsBySvixId.size).toBe(users.length);
    // Nothing for a change that did not commit: every user a delivery named exists.
    expect([...created()].filter((id) => !users.includes(id))).toEqual([]);
    expect(created().size).toBe(users.length);
  }, 180_000);
});

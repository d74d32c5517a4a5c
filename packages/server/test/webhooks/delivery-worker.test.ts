import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import {
  generateEndpointSecret,
  messageIdOf,
  PREVIOUS_SECRET_GRACE_MS,
} from '../../src/webhooks/webhook-secrets.js';
import { Api } from '../helpers/api.js';
import { createTestUser } from '../helpers/users.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  testDialects,
} from '../helpers/test-server.js';
import { dispatchBatch } from '../../src/webhooks/delivery-dispatcher.js';
import { startDeliveryServer, type DeliveryServer } from './delivery-server.js';
import { insertTestEndpoint, listAttempts } from './endpoints.js';
import { Receiver, verifyHit } from './receiver.js';

const T0 = Date.UTC(2030, 0, 1);

describe.each(testDialects())('webhook worker (%s)', (dialect) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function server(webhooks?: Parameters<typeof startDeliveryServer>[1]) {
    const s = await startDeliveryServer(dialect, webhooks);
    cleanup.push(() => s.close());
    return s;
  }
  async function receiver(options: ConstructorParameters<typeof Receiver>[0]) {
    const r = await Receiver.start(options);
    cleanup.push(() => r.close());
    return r;
  }

  it('signs with the previous secret too for 24 hours after a rotation, then stops', async () => {
    const s: DeliveryServer = await server();
    s.clock.set(T0);
    const [previous, current] = [generateEndpointSecret(), generateEndpointSecret()];
    const { instanceId, api } = await s.newInstance();
    const r = await receiver({ secret: current, clock: s.clock });
    await s.addEndpoint({
      instanceId,
      url: r.url,
      secret: current,
      previousSecret: { secret: previous, expiresAt: T0 + PREVIOUS_SECRET_GRACE_MS },
    });

    for (const advance of [0, PREVIOUS_SECRET_GRACE_MS - 1]) {
      s.clock.advance(advance);
      await createTestUser(api);
      await s.drain();
      const hit = r.hits.at(-1)!;
      expect(hit.refused).toBeUndefined();
      expect(hit.svixSignature.split(' ')).toHaveLength(2);
      await expect(verifyHit(hit, previous, s.clock.now())).resolves.toBeDefined();
    }
    s.clock.advance(1);
    await createTestUser(api);
    await s.drain();
    const last = r.hits.at(-1)!;
    expect(r.hits).toHaveLength(3);
    expect(last.refused).toBeUndefined();
    expect(last.svixSignature.split(' ')).toHaveLength(1);
    await expect(verifyHit(last, previous, s.clock.now())).rejects.toThrow();
  });

  it('delivers on its own once started: a commit wakes it', async () => {
    const s = await server({ random: () => 0.5, pollIntervalMs: 60_000 });
    const { instanceId, api } = await s.newInstance();
    const r = await receiver({});
    const endpoint = await s.addEndpoint({ instanceId, url: r.url });
    r.secret = endpoint.secret;
    const user = await createTestUser(api);
    await r.waitFor(() => r.hits.length === 1);
    expect(r.hits[0]!.event?.data.id).toBe(user.id);
    expect(r.hits[0]!.refused).toBeUndefined();
  });

  it('finds other writers’ events by polling', async () => {
    const s = await server({ random: () => 0.5, pollIntervalMs: 50 });
    const { instanceId } = await s.newInstance();
    const r = await receiver({});
    const endpoint = await s.addEndpoint({ instanceId, url: r.url });
    r.secret = endpoint.secret;
    // Written without the commit signal, as another process's write would be.
    await s.database.db
      .insertInto('outbox')
      .values({
        event_id: 'evt_2abcdefghijklmnopqrstuvwxyz',
        instance_id: instanceId,
        event_type: 'user.updated',
        payload: JSON.stringify({
          data: {},
          object: 'event',
          type: 'user.updated',
          instance_id: instanceId,
          timestamp: 1,
          event_attributes: { http_request: {} },
        }),
        created_at: Date.now(),
      })
      .execute();
    await r.waitFor(() => r.hits.length === 1);
    expect(r.hits[0]!.svixId).toBe('msg_2abcdefghijklmnopqrstuvwxyz');
  });

  it('lets close() wait for the attempt in flight and record it', async () => {
    const s = await server({ random: () => 0.5, pollIntervalMs: 60_000 });
    const { instanceId, api } = await s.newInstance();
    const r = await receiver({ answer: () => ({ status: 200, delayMs: 300 }) });
    const endpoint = await s.addEndpoint({ instanceId, url: r.url });
    r.secret = endpoint.secret;
    await createTestUser(api);
    await r.waitFor(() => r.hits.length === 1);
    await s.app.close();
    const attempts = await listAttempts(s.database, endpoint.id);
    expect(attempts.map((a) => [a.status, a.response_status_code])).toEqual([['success', 200]]);
  });

  it.runIf(dialect === 'postgres')(
    'a dispatcher gives up while another holds the first events, so none fans out later ones first',
    async () => {
      const s = await server();
      const { instanceId, api } = await s.newInstance();
      const r = await receiver({});
      const endpoint = await s.addEndpoint({ instanceId, url: r.url });
      await s.drain();
      for (let i = 0; i < 3; i += 1) await createTestUser(api);
      const { db, adapter } = s.database;
      const ctx = { db, dialect: adapter, clock: s.clock, batchSize: 2 };
      let release!: () => void;
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      // Another dispatcher's transaction: it has locked the first event and not committed.
      const other = db.transaction().execute(async (trx) => {
        await adapter
          .lockSkipLocked(
            trx
              .selectFrom('outbox')
              .select('id')
              .where('delivered_at', 'is', null)
              .orderBy('id')
              .limit(1),
          )
          .execute();
        held();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await holding;
      expect(await dispatchBatch(ctx)).toBe(0);
      const none = await db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('endpoint_id', '=', endpoint.id)
        .execute();
      expect(none).toEqual([]);
      release();
      await other;
      expect(await dispatchBatch(ctx)).toBe(2);
      expect(await dispatchBatch(ctx)).toBe(1);
    },
  );

  it.runIf(dialect === 'postgres')(
    'two servers on one database send each message once, in commit order',
    async () => {
      const testDb = await createTestDatabase('postgres');
      cleanup.push(() => testDb.drop());
      const second = openDatabase({ url: testDb.url, poolSize: 5 });
      const start = async (database: typeof second) => {
        const app = await createServer({
          database,
          secretKey: TEST_SECRET_KEY,
          encryptionKey: TEST_ENCRYPTION_KEY,
          logger: false,
          webhooks: { pollIntervalMs: 20, concurrency: 4 },
        });
        await app.ready();
        cleanup.push(async () => {
          await app.close();
          await database.close();
        });
        return app;
      };
      const a = await start(testDb.database);
      const b = await start(second);
      const r = await receiver({});
      const endpoint = await insertTestEndpoint(testDb.database, a.castellan.secrets, {
        instanceId: a.castellan.bootstrap.instance.id,
        url: r.url,
      });
      r.secret = endpoint.secret;

      const apis = [new Api(a, TEST_SECRET_KEY), new Api(b, TEST_SECRET_KEY)];
      await Promise.all(Array.from({ length: 60 }, (_, i) => createTestUser(apis[i % 2]!)));
      await r.waitFor(() => r.hits.length >= 60, 60_000);
      await Promise.all([a.castellan.webhooks.drain(), b.castellan.webhooks.drain()]);

      const events = await testDb.database.db
        .selectFrom('outbox')
        .select('event_id')
        .orderBy('id')
        .execute();
      expect(events).toHaveLength(60);
      expect(r.hits.every((hit) => hit.refused === undefined)).toBe(true);
      expect(r.hits.map((hit) => hit.svixId)).toEqual(events.map((e) => messageIdOf(e.event_id)));
      const owners = await testDb.database.db
        .selectFrom('webhook_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(owners.n)).toBe(60);
    },
  );
});

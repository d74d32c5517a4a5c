import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateId } from '../../src/ids/generate-id.js';
import { RETRY_DELAYS_MS, nextAttemptAt } from '../../src/webhooks/delivery-schedule.js';
import { messageIdOf } from '../../src/webhooks/webhook-secrets.js';
import { createTestUser } from '../helpers/users.js';
import { testDialects } from '../helpers/test-server.js';
import { startDeliveryServer, type DeliveryServer } from './delivery-server.js';
import { listAttempts, listDeliveries } from './endpoints.js';
import { Receiver, type ReceiverAnswer, type ReceivedHit } from './receiver.js';

const T0 = Date.UTC(2030, 0, 1);

describe('the retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each jittered by at most 10 %', () => {
    expect(RETRY_DELAYS_MS).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6]);
    RETRY_DELAYS_MS.forEach((delay, i) => {
      expect(nextAttemptAt(i + 1, 1000, () => 0.5)).toBe(1000 + delay);
      expect(nextAttemptAt(i + 1, 1000, () => 0)).toBe(1000 + delay * 0.9);
      expect(nextAttemptAt(i + 1, 1000, () => 0.999_999)).toBeLessThanOrEqual(1000 + delay * 1.1);
      for (let n = 0; n < 200; n += 1) {
        const at = nextAttemptAt(i + 1, 0, Math.random)!;
        expect(at).toBeGreaterThanOrEqual(delay * 0.9);
        expect(at).toBeLessThanOrEqual(delay * 1.1);
      }
    });
    expect(nextAttemptAt(RETRY_DELAYS_MS.length + 1, 1000)).toBeNull();
  });
});

describe.each(testDialects())('webhook delivery (%s): retries, failures, replays', (dialect) => {
  let server: DeliveryServer;
  let random = 0.5;
  const receivers: Receiver[] = [];

  async function subscribed(
    answer?: (hit: ReceivedHit) => ReceiverAnswer,
    environment: 'development' | 'production' = 'development',
    url?: string,
  ) {
    const { instanceId, api } = await server.newInstance(environment);
    const receiver = await Receiver.start({ clock: server.clock, answer });
    receivers.push(receiver);
    const endpoint = await server.addEndpoint({ instanceId, url: url ?? receiver.url });
    receiver.secret = endpoint.secret;
    return { instanceId, api, receiver, endpoint };
  }

  const delivery = async (endpointId: string) =>
    (await listDeliveries(server.database, endpointId))[0]!;

  beforeAll(async () => {
    server = await startDeliveryServer(dialect, {
      enabled: false,
      random: () => random,
      timeoutMs: 500,
    });
  });
  afterEach(async () => {
    random = 0.5;
    for (const r of receivers.splice(0)) await r.close();
    await server.database.db.deleteFrom('webhook_endpoints').execute();
  });
  afterAll(async () => server.close());

  it('retries a failing delivery on the schedule, then marks it failed', async () => {
    server.clock.set(T0);
    const { api, receiver, endpoint } = await subscribed(() => ({ status: 500, body: 'nope' }));
    await createTestUser(api);
    await server.drain();
    expect(receiver.hits).toHaveLength(1);

    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      const pending = await delivery(endpoint.id);
      expect(pending.status).toBe('pending');
      expect(Number(pending.next_attempt_at)).toBe(Number(pending.last_attempt_at) + delay);
      server.clock.advance(delay - 1);
      await server.drain();
      expect(receiver.hits).toHaveLength(i + 1);
      server.clock.advance(1);
      await server.drain();
      expect(receiver.hits).toHaveLength(i + 2);
    }

    const failed = await delivery(endpoint.id);
    expect(failed).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(Number(failed.attempt_count)).toBe(8);
    expect(new Set(receiver.hits.map((hit) => hit.svixId)).size).toBe(1);
    expect(receiver.hits.every((hit) => hit.refused === undefined)).toBe(true);
    const attempts = await listAttempts(server.database, endpoint.id);
    expect(attempts).toHaveLength(8);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({
        status: 'failed',
        response_status_code: 500,
        response: 'nope',
        trigger_type: 'scheduled',
      });
    }
    server.clock.advance(100 * 3_600_000);
    await server.drain();
    expect(receiver.hits).toHaveLength(8);
  });

  it('jitters the next attempt with the random source', async () => {
    server.clock.set(T0);
    random = 0;
    const { api, endpoint } = await subscribed(() => ({ status: 503 }));
    await createTestUser(api);
    await server.drain();
    expect(Number((await delivery(endpoint.id)).next_attempt_at)).toBe(T0 + 4_500);
  });

  it('does not hold later messages back while one waits for its retry', async () => {
    server.clock.set(T0);
    let first: string | undefined;
    const { api, receiver } = await subscribed((hit) => {
      first ??= hit.svixId;
      const tries = receiver.hits.filter((h) => h.svixId === first).length;
      return hit.svixId === first && tries === 1 ? { status: 500 } : { status: 204 };
    });
    const users = [];
    for (let i = 0; i < 3; i += 1) users.push(await createTestUser(api));
    await server.drain();
    const ids = receiver.hits.map((hit) => hit.event?.data.id);
    expect(ids).toEqual(users.map((u) => u.id));
    server.clock.advance(5_000);
    await server.drain();
    expect(receiver.hits.map((hit) => hit.event?.data.id)).toEqual([...ids, users[0]!.id]);
  });

  it('keeps 4 KiB of a long answer', async () => {
    const { api, endpoint } = await subscribed(() => ({ status: 400, body: 'x'.repeat(10_000) }));
    await createTestUser(api);
    await server.drain();
    const [attempt] = await listAttempts(server.database, endpoint.id);
    expect(attempt).toMatchObject({ status: 'failed', response_status_code: 400 });
    expect(attempt!.response).toBe('x'.repeat(4096));
  });

  it('fails an attempt the endpoint does not answer within the timeout', async () => {
    const { api, receiver, endpoint } = await subscribed(() => ({ status: 200, hang: true }));
    await createTestUser(api);
    await server.drain();
    expect(receiver.hits).toHaveLength(1);
    const [attempt] = await listAttempts(server.database, endpoint.id);
    expect(attempt).toMatchObject({ status: 'failed', response_status_code: 0 });
    expect(attempt!.response).toMatch(/^timeout: no answer within 500 ms/);
    expect((await delivery(endpoint.id)).status).toBe('pending');
  });

  it('refuses a private address, and loopback for a production instance', async () => {
    const privateOne = await subscribed(undefined, 'development', 'http://10.1.2.3:8080/hook');
    await createTestUser(privateOne.api);
    const production = await subscribed(undefined, 'production');
    await createTestUser(production.api);
    await server.drain();

    expect(production.receiver.hits).toHaveLength(0);
    for (const { endpoint } of [privateOne, production]) {
      const [attempt] = await listAttempts(server.database, endpoint.id);
      expect(attempt).toMatchObject({ status: 'failed', response_status_code: 0 });
      expect(attempt!.response).toMatch(
        /^address not allowed: .* resolves to (10\.1\.2\.3|127\.0\.0\.1)/,
      );
    }
  });

  it('disables an endpoint whose attempts all failed for 5 days, then sends it nothing', async () => {
    server.clock.set(T0);
    const { api, receiver, endpoint } = await subscribed(() => ({ status: 500 }));
    await createTestUser(api);
    await server.drain();
    expect(await readEndpointHealth(endpoint.id)).toMatchObject({
      failing_since: T0,
      disabled: false,
    });

    server.clock.advance(5 * 24 * 3_600_000 - 1);
    await createTestUser(api);
    await server.drain();
    expect(await readEndpointHealth(endpoint.id)).toMatchObject({
      failing_since: T0,
      disabled: false,
    });

    server.clock.advance(1);
    await createTestUser(api);
    await server.drain();
    expect(await readEndpointHealth(endpoint.id)).toMatchObject({
      failing_since: T0,
      disabled: true,
      disabled_reason: 'failing',
    });

    const hits = receiver.hits.length;
    await createTestUser(api);
    server.clock.advance(24 * 3_600_000);
    await server.drain();
    expect(receiver.hits).toHaveLength(hits);
    const deliveries = await listDeliveries(server.database, endpoint.id);
    expect(deliveries).toHaveLength(3);
    expect(deliveries.filter((d) => d.status === 'pending').length).toBeGreaterThan(0);
  });

  it('clears the failing streak on a success', async () => {
    server.clock.set(T0);
    let fail = true;
    const { api, endpoint } = await subscribed(() => ({ status: fail ? 500 : 200 }));
    await createTestUser(api);
    await server.drain();
    expect((await readEndpointHealth(endpoint.id)).failing_since).toBe(T0);
    fail = false;
    server.clock.advance(5_000);
    await server.drain();
    expect(await readEndpointHealth(endpoint.id)).toMatchObject({
      failing_since: null,
      disabled: false,
    });
    expect((await delivery(endpoint.id)).status).toBe('success');
  });

  it('replays a delivered message once, manually, outside the schedule', async () => {
    const { api, receiver, endpoint } = await subscribed();
    await createTestUser(api);
    await server.drain();
    const sent = await delivery(endpoint.id);
    await requestReplay(sent.id);
    await server.drain();

    expect(receiver.hits).toHaveLength(2);
    expect(receiver.hits[1]!.svixId).toBe(receiver.hits[0]!.svixId);
    expect(await delivery(endpoint.id)).toMatchObject({ status: 'success', replay_at: null });
    expect(Number((await delivery(endpoint.id)).attempt_count)).toBe(1);
    const attempts = await listAttempts(server.database, endpoint.id);
    expect(attempts.map((a) => a.trigger_type)).toEqual(['scheduled', 'manual']);
  });

  it('leaves the schedule as it was when a replay fails', async () => {
    server.clock.set(T0);
    const { api, endpoint } = await subscribed(() => ({ status: 500 }));
    await createTestUser(api);
    await server.drain();
    const before = await delivery(endpoint.id);
    await requestReplay(before.id);
    server.clock.advance(1_000);
    await server.drain();

    const after = await delivery(endpoint.id);
    expect(after).toMatchObject({ status: 'pending', replay_at: null });
    expect(Number(after.next_attempt_at)).toBe(Number(before.next_attempt_at));
    expect(Number(after.attempt_count)).toBe(1);
    const attempts = await listAttempts(server.database, endpoint.id);
    expect(attempts.map((a) => [a.trigger_type, a.status])).toEqual([
      ['scheduled', 'failed'],
      ['manual', 'failed'],
    ]);
  });

  it('sends a replay the endpoint never got, and fails it when refused', async () => {
    const { instanceId, api, receiver, endpoint } = await subscribed(() =>
      receiver.hits.length === 1 ? { status: 204 } : { status: 410 },
    );
    await createTestUser(api);
    await createTestUser(api);
    await server.drain(); // fanned out before the endpoint's replay rows are made below
    await server.database.db
      .deleteFrom('webhook_deliveries')
      .where('endpoint_id', '=', endpoint.id)
      .execute();
    const events = await server.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .orderBy('id')
      .execute();
    const now = server.clock.now();
    for (const event of events) {
      await server.database.db
        .insertInto('webhook_deliveries')
        .values({
          id: generateId('msgdst', now),
          instance_id: instanceId,
          endpoint_id: endpoint.id,
          outbox_id: Number(event.id),
          message_id: messageIdOf(event.event_id),
          event_type: event.event_type,
          status: 'pending',
          attempt_count: 0,
          next_attempt_at: null,
          last_attempt_at: null,
          replay_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    receiver.hits.splice(0);
    await server.drain();

    const deliveries = await listDeliveries(server.database, endpoint.id);
    expect(deliveries.map((d) => [d.status, d.replay_at, d.next_attempt_at])).toEqual([
      ['success', null, null],
      ['failed', null, null],
    ]);
    expect(receiver.hits.map((hit) => hit.svixId)).toEqual(
      events.map((e) => messageIdOf(e.event_id)),
    );
  });

  async function requestReplay(deliveryId: string) {
    await server.database.db
      .updateTable('webhook_deliveries')
      .set({ replay_at: server.clock.now() })
      .where('id', '=', deliveryId)
      .execute();
  }

  async function readEndpointHealth(endpointId: string) {
    const row = await server.database.db
      .selectFrom('webhook_endpoints')
      .select(['failing_since', 'disabled', 'disabled_reason'])
      .where('id', '=', endpointId)
      .executeTakeFirstOrThrow();
    return {
      failing_since: row.failing_since === null ? null : Number(row.failing_since),
      disabled: row.disabled === true || row.disabled === 1,
      disabled_reason: row.disabled_reason,
    };
  }
});

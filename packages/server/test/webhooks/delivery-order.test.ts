import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageIdOf } from '../../src/webhooks/webhook-secrets.js';
import { DELIVERY_USER_AGENT } from '../../src/webhooks/delivery-sender.js';
import { createTestUser } from '../helpers/users.js';
import { testDialects } from '../helpers/test-server.js';
import { startDeliveryServer, type DeliveryServer } from './delivery-server.js';
import { listAttempts, listDeliveries } from './endpoints.js';
import { Receiver } from './receiver.js';

describe.each(testDialects())('webhook delivery (%s): signing, order, fan-out', (dialect) => {
  let server: DeliveryServer;
  const receivers: Receiver[] = [];

  async function receiver(options: Partial<ConstructorParameters<typeof Receiver>[0]> = {}) {
    const r = await Receiver.start({ clock: server.clock, ...options });
    receivers.push(r);
    return r;
  }

  /** An instance with one endpoint pointing at a fresh receiver that verifies with its secret. */
  async function subscribed(filterTypes?: string[]) {
    const { instanceId, api } = await server.newInstance();
    const r = await receiver();
    const endpoint = await server.addEndpoint({ instanceId, url: r.url, filterTypes });
    r.secret = endpoint.secret;
    return { instanceId, api, receiver: r, endpoint };
  }

  beforeAll(async () => {
    server = await startDeliveryServer(dialect);
  });
  afterEach(async () => {
    server.clock.useRealTime();
    for (const r of receivers.splice(0)) await r.close();
    await server.database.db.deleteFrom('webhook_endpoints').execute();
  });
  afterAll(async () => server.close());

  it('POSTs the stored event, signed so that svix and @clerk/backend both accept it', async () => {
    const { api, instanceId, receiver: r, endpoint } = await subscribed();
    // The signature carries the sending second: a stopped clock keeps it the second the
    // assertion reads, whatever second boundary the drain crosses.
    const sentAt = Date.now();
    server.clock.set(sentAt);
    const user = await createTestUser(api);
    await server.drain();

    expect(r.hits).toHaveLength(1);
    const [hit] = r.hits;
    expect(hit!.refused).toBeUndefined();
    expect(hit!.event).toMatchObject({ type: 'user.created', instance_id: instanceId });
    expect(hit!.event!.data.id).toBe(user.id);
    const outbox = await server.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .executeTakeFirstOrThrow();
    expect(hit!.svixId).toBe(messageIdOf(outbox.event_id));
    expect(JSON.parse(hit!.body)).toEqual(
      typeof outbox.payload === 'string' ? JSON.parse(outbox.payload) : outbox.payload,
    );
    expect(hit!.headers['content-type']).toBe('application/json');
    expect(hit!.headers['user-agent']).toBe(DELIVERY_USER_AGENT);
    expect(hit!.svixTimestamp).toBe(Math.floor(sentAt / 1000));
    expect(hit!.svixSignature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const [delivery] = await listDeliveries(server.database, endpoint.id);
    expect(delivery).toMatchObject({ status: 'success', next_attempt_at: null });
    expect(Number(delivery!.attempt_count)).toBe(1);
    const attempts = await listAttempts(server.database, endpoint.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      status: 'success',
      response_status_code: 204,
      trigger_type: 'scheduled',
      message_id: hit!.svixId,
      url: r.url,
    });
  });

  it('delivers an endpoint its events in commit order, even when writes ran concurrently', async () => {
    const { api, instanceId, receiver: r } = await subscribed();
    await Promise.all(Array.from({ length: 20 }, () => createTestUser(api)));
    await server.drain();

    const events = await server.database.db
      .selectFrom('outbox')
      .select('event_id')
      .where('instance_id', '=', instanceId)
      .orderBy('id')
      .execute();
    expect(events).toHaveLength(20);
    expect(r.hits.every((hit) => hit.refused === undefined)).toBe(true);
    expect(r.hits.map((hit) => hit.svixId)).toEqual(events.map((e) => messageIdOf(e.event_id)));
  });

  it('fans one event out to every endpoint of its instance, and to no other instance', async () => {
    const a = await subscribed();
    const second = await receiver();
    const other = await server.addEndpoint({ instanceId: a.instanceId, url: second.url });
    second.secret = other.secret;
    const b = await subscribed();
    await createTestUser(a.api);
    await server.drain();

    expect(a.receiver.types()).toEqual(['user.created']);
    expect(second.types()).toEqual(['user.created']);
    expect(second.hits[0]!.svixId).toBe(a.receiver.hits[0]!.svixId);
    expect(b.receiver.hits).toHaveLength(0);
  });

  it('sends an endpoint with filter_types only those types', async () => {
    const { api, receiver: r, endpoint } = await subscribed(['user.deleted']);
    const user = await createTestUser(api);
    await api.ok('DeleteUser', { params: { user_id: user.id } });
    await server.drain();

    expect(r.types()).toEqual(['user.deleted']);
    const deliveries = await listDeliveries(server.database, endpoint.id);
    expect(deliveries.map((d) => d.event_type)).toEqual(['user.deleted']);
  });

  it('gives a disabled endpoint no deliveries, and an endpoint only events made after it', async () => {
    const { instanceId, api } = await server.newInstance();
    const early = await createTestUser(api);
    await server.drain();
    const r = await receiver();
    const endpoint = await server.addEndpoint({ instanceId, url: r.url });
    r.secret = endpoint.secret;
    const off = await server.addEndpoint({ instanceId, url: r.url, disabled: true });
    const late = await createTestUser(api);
    await server.drain();

    expect(r.hits.map((hit) => hit.event?.data.id)).toEqual([late.id]);
    expect(r.hits.map((hit) => hit.event?.data.id)).not.toContain(early.id);
    expect(await listDeliveries(server.database, off.id)).toEqual([]);
  });

  it('sends nothing for a write that failed', async () => {
    const { api, receiver: r } = await subscribed();
    const user = await createTestUser(api);
    await api.fail(
      'CreateUser',
      {
        body: {
          email_address: [user.email_addresses[0]!.email_address],
          password: 'correct-horse-battery-staple',
        },
      },
      422,
      'form_identifier_exists',
    );
    await server.drain();
    expect(r.types()).toEqual(['user.created']);
  });
});

import { describe, expect, it } from 'vitest';
import { generateId } from '../../src/ids/generate-id.js';
import { messageIdOf } from '../../src/webhooks/webhook-secrets.js';
import { testDialects } from '../helpers/test-server.js';
import { svixError, useSvixSuite } from './svix-suite.js';

describe.each(testDialects())(
  'Svix attempts and resend through the svix client (%s)',
  (dialect) => {
    const s = useSvixSuite(dialect);

    it('lists attempts by endpoint and by message, and resends a message', async () => {
      const ep = await s.svix.endpoint.create(s.appId, { url: 'http://127.0.0.1:9/attempts' });
      const spare = await s.svix.endpoint.create(s.appId, { url: 'http://127.0.0.1:9/spare' });
      await s.newUser();
      const event = await s.server.database.db
        .selectFrom('outbox')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const msgId = messageIdOf(event.event_id);
      // What the delivery worker writes (it is not part of this API): a delivery, two attempts.
      const db = s.server.database.db;
      const deliveryId = generateId('dlv');
      const instanceId = s.server.app.castellan.bootstrap.instance.id;
      const now = Date.now();
      await db
        .insertInto('webhook_deliveries')
        .values({
          id: deliveryId,
          instance_id: instanceId,
          endpoint_id: ep.id,
          outbox_id: Number(event.id),
          message_id: msgId,
          event_type: event.event_type,
          status: 'success',
          attempt_count: 2,
          next_attempt_at: null,
          last_attempt_at: now,
          replay_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const attempt = (status: string, code: number, response: string) => ({
        id: generateId('atmpt'),
        instance_id: instanceId,
        delivery_id: deliveryId,
        endpoint_id: ep.id,
        message_id: msgId,
        url: ep.url,
        status,
        response_status_code: code,
        response,
        response_duration_ms: 12,
        trigger_type: 'scheduled',
        created_at: now,
      });
      const failed = attempt('failed', 500, 'oops');
      const ok = attempt('success', 204, '');
      await db.insertInto('webhook_attempts').values([failed, ok]).execute();

      const byEndpoint = await s.svix.messageAttempt.listByEndpoint(s.appId, ep.id, {
        withMsg: true,
      });
      expect(byEndpoint.data.map((a) => [a.id, a.status, a.responseStatusCode])).toEqual([
        [ok.id, 0, 204],
        [failed.id, 2, 500],
      ]);
      expect(byEndpoint.data[1]).toMatchObject({
        msgId,
        endpointId: ep.id,
        response: 'oops',
        responseDurationMs: 12,
        statusText: 'fail',
        triggerType: 0,
        msg: { id: msgId, eventType: 'user.created' },
      });
      const failures = await s.svix.messageAttempt.listByEndpoint(s.appId, ep.id, { status: 2 });
      expect(failures.data.map((a) => a.id)).toEqual([failed.id]);
      const paged = await s.svix.messageAttempt.listByEndpoint(s.appId, ep.id, { limit: 1 });
      expect([paged.data.length, paged.done]).toEqual([1, false]);
      const byMsg = await s.svix.messageAttempt.listByMsg(s.appId, msgId, { endpointId: ep.id });
      expect(byMsg.data.map((a) => a.id)).toEqual([ok.id, failed.id]);
      expect(
        (await s.svix.messageAttempt.listByMsg(s.appId, msgId, { endpointId: spare.id })).data,
      ).toEqual([]);
      await svixError(s.svix.messageAttempt.listByEndpoint(s.appId, 'ep_unknown'), 404);
      await svixError(s.svix.messageAttempt.listByMsg(s.appId, 'msg_unknown'), 404);

      // A delivery the endpoint had: its replay is asked for.
      await s.svix.messageAttempt.resend(s.appId, msgId, ep.id);
      const replayed = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow();
      expect(Number(replayed.replay_at)).toBeGreaterThanOrEqual(now);
      expect([replayed.status, replayed.attempt_count]).toEqual(['success', 2]);
      // One it never had: a pending delivery whose only due attempt is the replay.
      await s.svix.messageAttempt.resend(s.appId, msgId, spare.id);
      const made = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('endpoint_id', '=', spare.id)
        .executeTakeFirstOrThrow();
      expect(made).toMatchObject({
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: null,
        message_id: msgId,
        event_type: 'user.created',
      });
      expect(Number(made.outbox_id)).toBe(Number(event.id));
      expect(Number(made.replay_at)).toBeGreaterThanOrEqual(now);
      await svixError(s.svix.messageAttempt.resend(s.appId, 'msg_unknown', ep.id), 404);
      await svixError(s.svix.messageAttempt.resend(s.appId, msgId, 'ep_unknown'), 404);
      await svixError(s.other.svix.messageAttempt.resend(s.other.appId, msgId, ep.id), 404);

      const delivered = await fetch(
        `${s.baseUrl}/svix/api/v1/app/${s.appId}/endpoint/${ep.id}/msg`,
        {
          headers: { authorization: `Bearer ${s.server.secretKey}` },
        },
      );
      const list = (await delivered.json()) as any;
      expect(list.data[0]).toMatchObject({ id: msgId, status: 0, statusText: 'success' });
      expect(typeof list.data[0].nextAttempt).toBe('string'); // the replay asked for
    });
  },
);

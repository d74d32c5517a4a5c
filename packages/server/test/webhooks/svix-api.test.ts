import { describe, expect, it } from 'vitest';
import { messageIdOf, openEndpointSecret } from '../../src/webhooks/webhook-secrets.js';
import { testDialects } from '../helpers/test-server.js';
import { svixError, useSvixSuite } from './svix-suite.js';

const SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;

describe.each(testDialects())(
  'the Svix-compatible API through the s.svix client (%s)',
  (dialect) => {
    const s = useSvixSuite(dialect);

    it('reads the app with the secret key', async () => {
      const app = await s.svix.application.get(s.appId);
      expect(app.id).toBe(s.appId);
      expect(app.id).toMatch(/^app_/);
      expect(app.createdAt).toBeInstanceOf(Date);
      expect(Number.isNaN(app.createdAt.getTime())).toBe(false);
    });

    it('creates, reads, updates, patches and deletes an endpoint', async () => {
      const created = await s.svix.endpoint.create(s.appId, {
        url: 'https://example.com/hooks/clerk',
        description: 'main',
        filterTypes: ['user.created', 'user.deleted'],
        metadata: { team: 'auth' },
        uid: 'main-hook',
      });
      expect(created).toMatchObject({
        url: 'https://example.com/hooks/clerk',
        description: 'main',
        filterTypes: ['user.created', 'user.deleted'],
        metadata: { team: 'auth' },
        uid: 'main-hook',
        disabled: false,
        version: 1,
        channels: null,
        rateLimit: null,
      });
      expect(created.id).toMatch(/^ep_/);
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await s.svix.endpoint.get(s.appId, created.id)).toEqual(created);
      // Svix takes an endpoint's uid wherever its ID goes.
      expect(await s.svix.endpoint.get(s.appId, 'main-hook')).toEqual(created);
      expect((await s.svix.endpoint.getSecret(s.appId, 'main-hook')).key).toMatch(/^whsec_/);

      const put = await s.svix.endpoint.update(s.appId, created.id, {
        url: 'http://127.0.0.1:9/put',
        description: 'replaced',
      });
      // PUT replaces the whole endpoint: what it does not give is back to its default.
      expect(put).toMatchObject({
        url: 'http://127.0.0.1:9/put',
        description: 'replaced',
        filterTypes: null,
        uid: null,
        metadata: {},
      });
      const patched = await s.svix.endpoint.patch(s.appId, created.id, {
        disabled: true,
        filterTypes: ['session.created'],
        rateLimit: 10,
      });
      expect(patched).toMatchObject({
        url: 'http://127.0.0.1:9/put',
        description: 'replaced',
        disabled: true,
        filterTypes: ['session.created'],
        rateLimit: 10,
        throttleRate: 10,
      });
      const row = await s.server.database.db
        .selectFrom('webhook_endpoints')
        .select(['disabled_reason'])
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.disabled_reason).toBe('manual');
      const enabled = await s.svix.endpoint.patch(s.appId, created.id, {
        disabled: false,
        filterTypes: null,
      });
      expect([enabled.disabled, enabled.filterTypes]).toEqual([false, null]);

      await s.svix.endpoint.delete(s.appId, created.id);
      const gone = await svixError(s.svix.endpoint.get(s.appId, created.id), 404);
      expect(gone).toEqual({ code: 'not_found', detail: 'Endpoint not found' });
      await svixError(s.svix.endpoint.delete(s.appId, created.id), 404);
      await svixError(s.svix.endpoint.patch(s.appId, created.id, { description: 'x' }), 404);
    });

    it('pages endpoints with limit and iterator, in either order', async () => {
      const { data: before } = await s.svix.endpoint.list(s.appId, { limit: 250 });
      for (const ep of before) await s.svix.endpoint.delete(s.appId, ep.id);
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.push((await s.svix.endpoint.create(s.appId, { url: `https://example.com/${i}` })).id);
      }
      const first = await s.svix.endpoint.list(s.appId, { limit: 2, order: 'ascending' as any });
      expect(first.data.map((e) => e.id)).toEqual(ids.slice(0, 2));
      expect(first.done).toBe(false);
      const second = await s.svix.endpoint.list(s.appId, {
        limit: 2,
        order: 'ascending' as any,
        iterator: first.iterator!,
      });
      expect(second.data.map((e) => e.id)).toEqual(ids.slice(2, 4));
      const third = await s.svix.endpoint.list(s.appId, {
        limit: 2,
        order: 'ascending' as any,
        iterator: second.iterator!,
      });
      expect([third.data.map((e) => e.id), third.done]).toEqual([ids.slice(4), true]);
      const newest = await s.svix.endpoint.list(s.appId, { limit: 3 });
      expect(newest.data.map((e) => e.id)).toEqual([...ids].reverse().slice(0, 3));

      const badLimit = await svixError(s.svix.endpoint.list(s.appId, { limit: 0 }), 422);
      expect(badLimit.detail[0].loc).toEqual(['query', 'limit']);
      await svixError(s.svix.endpoint.list(s.appId, { limit: 251 }), 422);
      await svixError(s.svix.endpoint.list(s.appId, { iterator: 'no spaces allowed' }), 422);
    });

    it('validates endpoints as Svix does, every problem in one 422', async () => {
      for (const url of ['ftp://example.com/x', 'example.com/hook', '/relative', '']) {
        const body = await svixError(s.svix.endpoint.create(s.appId, { url }), 422);
        expect(body.detail[0].loc).toEqual(['body', 'url']);
      }
      const many = await svixError(
        s.svix.endpoint.create(s.appId, {
          url: 'https://example.com/ok',
          filterTypes: ['user.created', 'user.exploded'],
          uid: 'has spaces',
          rateLimit: 0,
          metadata: { n: 1 as any },
          channels: [],
        }),
        422,
      );
      expect(many.detail.map((d: any) => d.loc[1]).sort()).toEqual(
        ['channels', 'filterTypes', 'metadata', 'rateLimit', 'uid'].sort(),
      );
      expect(many.detail.find((d: any) => d.loc[1] === 'filterTypes').msg).toContain(
        'user.exploded',
      );
      const secret = await svixError(
        s.svix.endpoint.create(s.appId, { url: 'https://example.com/s', secret: 'whsec_short' }),
        422,
      );
      expect(secret.detail[0].loc).toEqual(['body', 'secret']);
      const headers = await svixError(
        s.svix.endpoint.create(s.appId, { url: 'https://example.com/h', headers: { a: 'b' } }),
        422,
      );
      expect(headers.detail[0].loc).toEqual(['body', 'headers']);
      const ep = await s.svix.endpoint.create(s.appId, {
        url: 'https://example.com/u',
        uid: 'taken',
      });
      const conflict = await svixError(
        s.svix.endpoint.create(s.appId, { url: 'https://example.com/v', uid: 'taken' }),
        409,
      );
      expect(conflict.code).toBe('conflict');
      // Two writers racing for one uid: one gets it, the other the same 409 (never a 500).
      const race = await Promise.allSettled(
        [1, 2].map((i) =>
          s.svix.endpoint.create(s.appId, { url: `https://example.com/race${i}`, uid: 'race' }),
        ),
      );
      expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect([lost.reason.code, lost.reason.body.code]).toEqual([409, 'conflict']);
      await svixError(s.svix.endpoint.update(s.appId, ep.id, { url: 'nope' }), 422);
      await svixError(s.svix.endpoint.patch(s.appId, ep.id, { url: 'mailto:a@b.c' }), 422);
    });

    it('answers Svix-shaped errors for a body that is not JSON and an unknown route', async () => {
      const broken = await fetch(`${s.baseUrl}/svix/api/v1/app/${s.appId}/endpoint`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${s.server.secretKey}`,
          'content-type': 'application/json',
        },
        body: '{"url":',
      });
      expect(broken.status).toBe(400);
      expect(await broken.json()).toMatchObject({ code: 'malformed_request_body' });
      const missing = await fetch(`${s.baseUrl}/svix/api/v1/nothing/here`, {
        headers: { authorization: `Bearer ${s.server.secretKey}` },
      });
      expect([missing.status, await missing.json()]).toEqual([
        404,
        { code: 'not_found', detail: 'Route not found' },
      ]);
    });

    it('shows and rotates the signing secret; the old one signs for 24 more hours', async () => {
      const ep = await s.svix.endpoint.create(s.appId, {
        url: 'https://example.com/r',
        secret: SECRET,
      });
      expect(await s.svix.endpoint.getSecret(s.appId, ep.id)).toEqual({ key: SECRET });
      const before = Date.now();
      await s.svix.endpoint.rotateSecret(s.appId, ep.id, {});
      const after = Date.now();
      const { key } = await s.svix.endpoint.getSecret(s.appId, ep.id);
      expect(key).toMatch(/^whsec_/);
      expect(key).not.toBe(SECRET);
      const row = await s.server.database.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', ep.id)
        .executeTakeFirstOrThrow();
      const box = s.server.app.castellan.secrets;
      expect(openEndpointSecret(box, ep.id, 'previous_secret', row.previous_secret!)).toBe(SECRET);
      expect(Number(row.previous_secret_expires_at)).toBeGreaterThanOrEqual(before + 86_400_000);
      expect(Number(row.previous_secret_expires_at)).toBeLessThanOrEqual(after + 86_400_000);
      expect(row.secret).not.toContain('whsec_'); // sealed at rest

      await s.svix.endpoint.rotateSecret(s.appId, ep.id, { key: SECRET });
      expect(await s.svix.endpoint.getSecret(s.appId, ep.id)).toEqual({ key: SECRET });
      const bad = await svixError(
        s.svix.endpoint.rotateSecret(s.appId, ep.id, { key: 'whsec_x' }),
        422,
      );
      expect(bad.detail[0].loc).toEqual(['body', 'key']);
      await svixError(s.svix.endpoint.getSecret(s.appId, 'ep_unknown'), 404);
    });

    it('keeps each instance to its own app: a wrong app or a wrong key is refused', async () => {
      const mine = await s.svix.endpoint.create(s.appId, { url: 'https://example.com/mine' });
      expect(await svixError(s.svix.endpoint.list(s.other.appId), 404)).toEqual({
        code: 'not_found',
        detail: 'Application not found',
      });
      await svixError(s.other.svix.endpoint.get(s.appId, mine.id), 404);
      await svixError(s.other.svix.endpoint.get(s.other.appId, mine.id), 404);
      await svixError(s.svix.application.get('app_unknown'), 404);
      const wrong = await svixError(s.clientFor('sk_test_wrong').endpoint.list(s.appId), 401);
      expect(wrong.code).toBe('authentication_failed');
      await svixError(s.clientFor(`whps_${'a'.repeat(43)}`).endpoint.list(s.appId), 401);
      const none = await fetch(`${s.baseUrl}/svix/api/v1/app/${s.appId}/endpoint`);
      expect(none.status).toBe(401);
    });

    it('a portal session token reaches its own app only', async () => {
      const { svix_url } = await s.server.api.ok('GenerateSvixAuthURL');
      const token = new URL(svix_url).hash.replace('#token=', '');
      const session = (await (
        await fetch(`${s.baseUrl}/castellan/webhooks/portal/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        })
      ).json()) as { token: string };
      const portal = s.clientFor(session.token);
      const ep = await portal.endpoint.create(s.appId, { url: 'https://example.com/portal' });
      expect((await s.svix.endpoint.get(s.appId, ep.id)).url).toBe('https://example.com/portal');
      await svixError(portal.endpoint.list(s.other.appId), 404);
      // A session token is no secret key: /v1 refuses it.
      const v1 = await s.server.api.call('GetUserList', { secretKey: session.token });
      expect(v1.status).toBe(401);
    });

    it('lists the instance’s events as messages, paged, and reads one', async () => {
      const users = [await s.newUser(), await s.newUser(), await s.newUser()];
      const events = await s.server.database.db
        .selectFrom('outbox')
        .selectAll()
        .where('event_type', '=', 'user.created')
        .orderBy('id', 'desc')
        .limit(3)
        .execute();
      const page = await s.svix.message.list(s.appId, { limit: 2, eventTypes: ['user.created'] });
      expect(page.data.map((m) => m.id)).toEqual(
        events.slice(0, 2).map((e) => messageIdOf(e.event_id)),
      );
      expect(page.done).toBe(false);
      const next = await s.svix.message.list(s.appId, {
        limit: 2,
        eventTypes: ['user.created'],
        iterator: page.iterator!,
      });
      expect(next.data[0]!.id).toBe(messageIdOf(events[2]!.event_id));
      const message = await s.svix.message.get(s.appId, page.data[0]!.id);
      expect(message).toMatchObject({
        id: messageIdOf(events[0]!.event_id),
        eventType: 'user.created',
        payload: { type: 'user.created', object: 'event', data: { id: users[2]!.id } },
      });
      expect(message.timestamp).toBeInstanceOf(Date);
      // …and a message's eventId wherever its ID goes.
      expect(await s.svix.message.get(s.appId, message.eventId!)).toEqual(message);
      await svixError(s.svix.message.get(s.appId, 'msg_2Xunknown'), 404);
      await svixError(s.svix.message.get(s.appId, 'not-a-message'), 404);
      await svixError(s.other.svix.message.get(s.other.appId, message.id), 404);
      const unknownType = await svixError(
        s.svix.message.list(s.appId, { eventTypes: ['user.exploded'] }),
        422,
      );
      expect(unknownType.detail[0].loc).toEqual(['query', 'event_types']);
    });

    it('lists the event types Castellan emits', async () => {
      const { data, done } = await s.svix.eventType.list({ limit: 250 });
      expect(done).toBe(true);
      const names = data.map((t) => t.name);
      expect(names).toContain('user.created');
      expect(names).toContain('organizationMembership.deleted');
      const page = await s.svix.eventType.list({ limit: 2 });
      const next = await s.svix.eventType.list({ limit: 2, iterator: page.iterator! });
      expect(next.data[0]!.name).toBe(names[2]);
    });
  },
);

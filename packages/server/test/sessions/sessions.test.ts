import { beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from '../../src/instances/instance-service.js';
import { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { createUserSession, eventsOf, setSessionSettings } from './session-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDialects())('sessions (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  describe('POST /v1/sessions', () => {
    it('creates an active session and its client, and records the sign-in', async () => {
      t.clock.set(Date.UTC(2026, 0, 1));
      const user = await createTestUser(t.api);
      const now = Date.UTC(2026, 0, 2);
      t.clock.set(now);
      const session = await t.api.ok('createSession', { body: { user_id: user.id } });
      expect(session).toMatchObject({
        object: 'session',
        user_id: user.id,
        status: 'active',
        actor: null,
        last_active_organization_id: null,
        last_active_at: now,
        created_at: now,
        updated_at: now,
        expire_at: now + 7 * DAY,
        abandon_at: now + 7 * DAY,
      });
      expect(session.id).toMatch(/^sess_[0-9A-Za-z]{27}$/);
      expect(session.client_id).toMatch(/^client_[0-9A-Za-z]{27}$/);
      const client = await t.api.ok('GetClient', { params: { client_id: session.client_id } });
      expect(client).toMatchObject({
        session_ids: [session.id],
        last_active_session_id: session.id,
        sign_in_id: null,
        sign_up_id: null,
      });
      const after = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.last_sign_in_at).toBe(now);
      expect(after.last_active_at).toBe(now);
      const [created] = (await eventsOf(t, 'session.created')).filter((e) => e.id === session.id);
      expect(created).toMatchObject({ ...session, user: { id: user.id, last_sign_in_at: now } });
      t.clock.useRealTime();
    });

    it('answers 404 for an unknown user and writes nothing', async () => {
      const before = await eventsOf(t, 'session.created');
      const clients = await t.api.ok('GetClientList', { query: { paginated: true } });
      await t.api.fail(
        'createSession',
        { body: { user_id: 'user_nope' } },
        404,
        'resource_not_found',
      );
      expect(await eventsOf(t, 'session.created')).toHaveLength(before.length);
      expect(await t.api.ok('GetClientList', { query: { paginated: true } })).toEqual(clients);
    });

    it('refuses an unknown active organization (404, nothing written)', async () => {
      const user = await createTestUser(t.api);
      const error = await t.api.fail(
        'createSession',
        { body: { user_id: user.id, active_organization_id: 'org_123' } },
        404,
        'resource_not_found',
      );
      expect(error.errors[0]?.long_message).toContain('organization');
      expect(await t.api.ok('GetSessionList', { query: { user_id: user.id } })).toEqual([]);
      const after = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(after.last_sign_in_at).toBeNull();
    });

    it('refuses a banned user (422 user_banned)', async () => {
      const user = await createTestUser(t.api);
      await t.api.ok('BanUser', { params: { user_id: user.id } });
      await t.api.fail('createSession', { body: { user_id: user.id } }, 422, 'user_banned');
    });

    it('validates the body', async () => {
      await t.api.fail('createSession', { body: {} as never }, 422, 'form_param_missing');
      await t.api.fail('createSession', { rawBody: { user_id: 5 } }, 422);
    });

    it('is refused on a production instance', async () => {
      const created = await createInstance(t.database.db, {
        name: `prod-${process.pid}-${dialect}`,
        frontendApi: `prod-${process.pid}.example.com`,
        environment: 'production',
        secrets: t.app.castellan.secrets,
      });
      const prod = new Api(t.app, created.secretKey);
      const user = await createTestUser(prod);
      await prod.fail(
        'createSession',
        { body: { user_id: user.id } },
        400,
        'production_instance_not_allowed',
      );
    });

    it('uses the instance session lifetime and inactivity timeout', async () => {
      const fresh = await useTestInstance(dialect);
      await setSessionSettings(fresh, { lifetime_seconds: 3600, inactivity_timeout_seconds: 600 });
      const now = Date.UTC(2026, 1, 1);
      fresh.clock.set(now);
      const { session } = await createUserSession(fresh);
      expect(session.expire_at).toBe(now + 3_600_000);
      expect(session.abandon_at).toBe(now + 600_000);
      fresh.clock.set(now + 600_000);
      expect(
        (await fresh.api.ok('GetSession', { params: { session_id: session.id } })).status,
      ).toBe('abandoned');
      fresh.clock.useRealTime();
    });
  });

  describe('GET /v1/sessions/{id}', () => {
    it('reads the status with the clock: active, then expired after its lifetime', async () => {
      const now = Date.UTC(2026, 2, 1);
      t.clock.set(now);
      const { session } = await createUserSession(t);
      t.clock.set(now + 7 * DAY - 1);
      expect((await t.api.ok('GetSession', { params: { session_id: session.id } })).status).toBe(
        'active',
      );
      t.clock.set(now + 7 * DAY);
      expect(await t.api.ok('GetSession', { params: { session_id: session.id } })).toEqual({
        ...session,
        status: 'expired',
      });
      t.clock.useRealTime();
    });

    it('answers 404 for an unknown session and for one of another instance', async () => {
      await t.api.fail(
        'GetSession',
        { params: { session_id: 'sess_nope' } },
        404,
        'resource_not_found',
      );
      const other = await useTestInstance(dialect);
      const { session } = await createUserSession(other);
      await t.api.fail(
        'GetSession',
        { params: { session_id: session.id } },
        404,
        'resource_not_found',
      );
    });
  });

  describe('POST /v1/sessions/{id}/revoke', () => {
    it('revokes an active session once; revoking again answers it unchanged', async () => {
      const { user, session } = await createUserSession(t);
      const revoked = await t.api.ok('RevokeSession', { params: { session_id: session.id } });
      expect(revoked).toMatchObject({ id: session.id, status: 'revoked' });
      expect(await t.api.ok('GetSession', { params: { session_id: session.id } })).toEqual(revoked);
      const events = (await eventsOf(t, 'session.revoked')).filter((e) => e.id === session.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ status: 'revoked', user: { id: user.id } });
      const again = await t.api.ok('RevokeSession', { params: { session_id: session.id } });
      expect(again).toEqual(revoked);
      expect(
        (await eventsOf(t, 'session.revoked')).filter((e) => e.id === session.id),
      ).toHaveLength(1);
    });

    it('leaves an expired session expired', async () => {
      const now = Date.UTC(2026, 3, 1);
      t.clock.set(now);
      const { session } = await createUserSession(t);
      t.clock.set(now + 8 * DAY);
      const answer = await t.api.ok('RevokeSession', { params: { session_id: session.id } });
      expect(answer.status).toBe('expired');
      t.clock.useRealTime();
    });

    it('answers 404 for an unknown session', async () => {
      await t.api.fail(
        'RevokeSession',
        { params: { session_id: 'sess_x' } },
        404,
        'resource_not_found',
      );
    });
  });
});

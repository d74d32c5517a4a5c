import { beforeAll, describe, expect, it } from 'vitest';
import { runWrite } from '../../src/platform/write.js';
import { startSession } from '../../src/sessions/session-start.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { createUserSession, eventsOf, scopeOf, setSessionSettings } from './session-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

/** Another session for the user on an existing client (what a Frontend API sign-in does). */
async function signInOnClient(t: TestInstance, clientId: string, userId: string) {
  const scope = scopeOf(t);
  const { session } = await runWrite(scope, (tx) => startSession(scope, tx, { clientId, userId }));
  return session;
}

describe.each(testDialects())('GET /v1/sessions (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it("lists a user's sessions newest first, with every status read now", async () => {
    const base = Date.UTC(2026, 0, 10);
    t.clock.set(base);
    const { user, session: expiring } = await createUserSession(t);
    t.clock.set(base + DAY);
    const revoked = await t.api.ok('createSession', { body: { user_id: user.id } });
    await t.api.ok('RevokeSession', { params: { session_id: revoked.id } });
    t.clock.set(base + 2 * DAY);
    const active = await t.api.ok('createSession', { body: { user_id: user.id } });
    t.clock.set(base + 7 * DAY);
    const list = await t.api.ok('GetSessionList', { query: { user_id: user.id } });
    expect(list.map((s: any) => [s.id, s.status])).toEqual([
      [active.id, 'active'],
      [revoked.id, 'revoked'],
      [expiring.id, 'expired'],
    ]);
    const by = async (status: string) =>
      (
        await t.api.ok('GetSessionList', { query: { user_id: user.id, status: status as never } })
      ).map((s: any) => s.id);
    expect(await by('active')).toEqual([active.id]);
    expect(await by('revoked')).toEqual([revoked.id]);
    expect(await by('expired')).toEqual([expiring.id]);
    expect(await by('ended')).toEqual([]);
    expect(
      await t.api.ok('GetSessionList', { query: { user_id: user.id, paginated: true } }),
    ).toEqual({ data: list, total_count: 3 });
    expect(
      await t.api.ok('GetSessionList', {
        query: { user_id: user.id, status: 'revoked', paginated: true },
      }),
    ).toEqual({ data: [list[1]], total_count: 1 });
    const page = await t.api.ok('GetSessionList', {
      query: { user_id: user.id, limit: 1, offset: 1, paginated: true },
    });
    expect(page).toEqual({ data: [list[1]], total_count: 3 });
    t.clock.useRealTime();
  });

  it('lists abandoned sessions by their inactivity', async () => {
    const fresh = await useTestInstance(dialect);
    await setSessionSettings(fresh, { inactivity_timeout_seconds: 60 });
    const now = Date.UTC(2026, 1, 10);
    fresh.clock.set(now);
    const { user, session } = await createUserSession(fresh);
    fresh.clock.set(now + 60_000);
    const query = { user_id: user.id, status: 'abandoned' as const };
    expect(
      (await fresh.api.ok('GetSessionList', { query })).map((s: any) => [s.id, s.status]),
    ).toEqual([[session.id, 'abandoned']]);
    expect(
      await fresh.api.ok('GetSessionList', { query: { user_id: user.id, status: 'active' } }),
    ).toEqual([]);
    fresh.clock.useRealTime();
  });

  it("without multi-session, a new session on a client replaces the client's active one", async () => {
    const now = Date.UTC(2026, 2, 10);
    t.clock.set(now);
    const { user, session } = await createUserSession(t);
    t.clock.set(now + 1000);
    const next = await signInOnClient(t, session.client_id, user.id);
    const list = await t.api.ok('GetSessionList', { query: { client_id: session.client_id } });
    expect(list.map((s: any) => [s.id, s.status])).toEqual([
      [next.id, 'active'],
      [session.id, 'replaced'],
    ]);
    expect(
      (
        await t.api.ok('GetSessionList', {
          query: { client_id: session.client_id, status: 'replaced' },
        })
      ).map((s: any) => s.id),
    ).toEqual([session.id]);
    const client = await t.api.ok('GetClient', { params: { client_id: session.client_id } });
    expect(client.last_active_session_id).toBe(next.id);
    expect(client.session_ids).toEqual([session.id, next.id]);
    expect((await eventsOf(t, 'session.created')).map((e) => e.id)).toContain(next.id);
    t.clock.useRealTime();
  });

  it('with multi-session, a client holds several active sessions', async () => {
    const fresh = await useTestInstance(dialect);
    await setSessionSettings(fresh, { multi_session: true });
    const { session } = await createUserSession(fresh);
    const other = await createTestUser(fresh.api);
    await signInOnClient(fresh, session.client_id, other.id);
    const list = await fresh.api.ok('GetSessionList', {
      query: { client_id: session.client_id, status: 'active' },
    });
    expect(list).toHaveLength(2);
  });

  it('needs client_id or user_id, and a known status', async () => {
    const error = await t.api.fail('GetSessionList', {}, 422, 'form_param_missing');
    expect(error.errors[0]?.long_message).toContain('client_id or user_id');
    await t.api.fail('GetSessionList', { query: { status: 'active' } }, 422, 'form_param_missing');
    await t.api.fail(
      'GetSessionList',
      { query: { user_id: 'user_x', status: 'sleeping' as never } },
      422,
    );
    await t.api.fail('GetSessionList', { query: { user_id: 'user_x', limit: 0 } }, 422);
    expect(await t.api.ok('GetSessionList', { query: { user_id: 'user_unknown' } })).toEqual([]);
  });

  it("never lists another instance's sessions", async () => {
    const other = await useTestInstance(dialect);
    const { user, session } = await createUserSession(other);
    expect(await t.api.ok('GetSessionList', { query: { user_id: user.id } })).toEqual([]);
    expect(await t.api.ok('GetSessionList', { query: { client_id: session.client_id } })).toEqual(
      [],
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { createUserSession, eventsOf } from './session-helpers.js';

describe.each(testDialects())("what users' writes do to their sessions (%s)", (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const statuses = async (userId: string) =>
    (await t.api.ok('GetSessionList', { query: { user_id: userId } })).map((s: any) => s.status);

  async function userWithTwoSessions() {
    const { user, session } = await createUserSession(t);
    const second = await t.api.ok('createSession', { body: { user_id: user.id } });
    return { user, ids: [session.id, second.id] };
  }

  it('banning a user revokes their active sessions, with a session.revoked each', async () => {
    const { user, ids } = await userWithTwoSessions();
    const bystander = await createUserSession(t);
    await t.api.ok('BanUser', { params: { user_id: user.id } });
    expect(await statuses(user.id)).toEqual(['revoked', 'revoked']);
    expect(await statuses(bystander.user.id)).toEqual(['active']);
    const events = (await eventsOf(t, 'session.revoked')).filter((e) => e.user_id === user.id);
    expect(events.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(events[0].user).toMatchObject({ id: user.id, banned: true });
    for (const id of ids) {
      await t.api.fail('CreateSessionToken', { params: { session_id: id } }, 401, 'signed_out');
    }
  });

  it('banning several users at once revokes all their sessions; unbanning restores none', async () => {
    const a = await createUserSession(t);
    const b = await createUserSession(t);
    await t.api.ok('UsersBan', { body: { user_ids: [a.user.id, b.user.id] } });
    expect(await statuses(a.user.id)).toEqual(['revoked']);
    expect(await statuses(b.user.id)).toEqual(['revoked']);
    await t.api.ok('UsersUnban', { body: { user_ids: [a.user.id] } });
    expect(await statuses(a.user.id)).toEqual(['revoked']);
  });

  it('a failed bulk ban (an unknown user) revokes nothing', async () => {
    const a = await createUserSession(t);
    await t.api.fail('UsersBan', { body: { user_ids: [a.user.id, 'user_nope'] } }, 422);
    expect(await statuses(a.user.id)).toEqual(['active']);
  });

  it('deleting a user ends their sessions (session.ended) and keeps them listed', async () => {
    const { user, ids } = await userWithTwoSessions();
    await t.api.ok('RevokeSession', { params: { session_id: ids[0]! } });
    await t.api.ok('DeleteUser', { params: { user_id: user.id } });
    expect(await statuses(user.id)).toEqual(['ended', 'revoked']);
    const ended = (await eventsOf(t, 'session.ended')).filter((e) => e.user_id === user.id);
    expect(ended.map((e) => e.id)).toEqual([ids[1]]);
    expect(ended[0].user.id).toBe(user.id);
    await t.api.fail('CreateSessionToken', { params: { session_id: ids[1]! } }, 401, 'signed_out');
  });

  it('UpdateUser with a new password and sign_out_of_other_sessions revokes every session', async () => {
    const { user } = await userWithTwoSessions();
    await t.api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { password: 'another-long-passphrase-42', sign_out_of_other_sessions: true },
    });
    expect(await statuses(user.id)).toEqual(['revoked', 'revoked']);
  });

  it('UpdateUser keeps sessions without the flag, and refuses the flag without a password', async () => {
    const { user } = await createUserSession(t);
    await t.api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { password: 'another-long-passphrase-43', sign_out_of_other_sessions: false },
    });
    await t.api.ok('UpdateUser', { params: { user_id: user.id }, body: { first_name: 'Ada' } });
    expect(await statuses(user.id)).toEqual(['active']);
    await t.api.fail(
      'UpdateUser',
      {
        params: { user_id: user.id },
        body: { first_name: 'Bo', sign_out_of_other_sessions: true },
      },
      422,
      'form_conditional_param_missing',
    );
    expect(await statuses(user.id)).toEqual(['active']);
    const after = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.first_name).toBe('Ada');
  });

  it('RemoveUserPassword with sign_out_of_other_sessions revokes the sessions', async () => {
    const kept = await createUserSession(t);
    await t.api.ok('RemoveUserPassword', { params: { user_id: kept.user.id }, body: {} });
    expect(await statuses(kept.user.id)).toEqual(['active']);
    const { user } = await createUserSession(t);
    await t.api.ok('RemoveUserPassword', {
      params: { user_id: user.id },
      body: { sign_out_of_other_sessions: true },
    });
    expect(await statuses(user.id)).toEqual(['revoked']);
  });

  it('a user with no sessions is banned and deleted as before', async () => {
    const user = await createTestUser(t.api);
    expect((await t.api.ok('BanUser', { params: { user_id: user.id } })).banned).toBe(true);
    expect(await t.api.ok('DeleteUser', { params: { user_id: user.id } })).toMatchObject({
      deleted: true,
    });
  });
});

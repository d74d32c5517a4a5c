import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../../helpers/test-instance.js';
import { testDialects } from '../../helpers/test-server.js';
import { createTestUser } from '../../helpers/users.js';
import { setLockout, UNKNOWN_USER, updatedEventsOf } from './authn-helpers.js';

const HOUR_S = 3600;

describe.each(testDialects())('ban, unban, lock, unlock (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('POST /users/{id}/ban bans the user, unban lifts it; each records user.updated', async () => {
    const user = await createTestUser(t.api);
    expect(user.banned).toBe(false);
    const banned = await t.api.ok('BanUser', { params: { user_id: user.id } });
    expect(banned).toMatchObject({ id: user.id, banned: true });
    expect((await t.api.ok('GetUser', { params: { user_id: user.id } })).banned).toBe(true);
    const listed = await t.api.ok('GetUserList', { query: { banned: true } });
    expect(listed.map((u) => u.id)).toContain(user.id);
    const unbanned = await t.api.ok('UnbanUser', { params: { user_id: user.id } });
    expect(unbanned.banned).toBe(false);
    const events = await updatedEventsOf(t, user.id);
    expect(events.map((e) => e.data.banned)).toEqual([true, false]);
  });

  it('ban, unban, lock and unlock of an unknown user return 404 resource_not_found', async () => {
    for (const op of ['BanUser', 'UnbanUser', 'LockUser', 'UnlockUser'] as const) {
      const body = await t.api.fail(
        op,
        { params: { user_id: UNKNOWN_USER } },
        404,
        'resource_not_found',
      );
      expect(body.errors[0]!.long_message).toBe(`No user was found with id ${UNKNOWN_USER}.`);
    }
  });

  it('ban accepts the empty JSON body @clerk/backend sends', async () => {
    const user = await createTestUser(t.api);
    const banned = await t.api.ok('BanUser', { params: { user_id: user.id }, rawBody: {} });
    expect(banned.banned).toBe(true);
  });

  it('POST /users/ban bans every listed user (once each, in the order sent)', async () => {
    const a = await createTestUser(t.api);
    const b = await createTestUser(t.api);
    const banned = await t.api.ok('UsersBan', { body: { user_ids: [b.id, a.id, b.id] } });
    expect(banned.map((u) => [u.id, u.banned])).toEqual([
      [b.id, true],
      [a.id, true],
    ]);
    expect((await updatedEventsOf(t, b.id)).map((e) => e.data.banned)).toEqual([true]);
    const unbanned = await t.api.ok('UsersUnban', { body: { user_ids: [a.id, b.id] } });
    expect(unbanned.map((u) => u.banned)).toEqual([false, false]);
  });

  it('POST /users/ban with an unknown ID changes nothing and names the ID (422)', async () => {
    const a = await createTestUser(t.api);
    const body = await t.api.fail(
      'UsersBan',
      { body: { user_ids: [a.id, UNKNOWN_USER] } },
      422,
      'form_param_value_invalid',
    );
    expect(body.errors[0]).toMatchObject({
      long_message: `No user was found with id ${UNKNOWN_USER}.`,
      meta: { param_name: 'user_ids' },
    });
    expect((await t.api.ok('GetUser', { params: { user_id: a.id } })).banned).toBe(false);
    expect(await updatedEventsOf(t, a.id)).toEqual([]);
  });

  it('POST /users/ban refuses an empty list, more than 50 IDs, or no list (422)', async () => {
    await t.api.fail('UsersBan', { body: { user_ids: [] } }, 422, 'form_param_value_invalid');
    const many = Array.from({ length: 51 }, (_, i) => `user_${i}`);
    const tooMany = await t.api.call('UsersBan', { body: { user_ids: many } });
    expect(tooMany.status).toBe(422);
    await t.api.fail('UsersUnban', { rawBody: {} }, 422, 'form_param_missing');
    await t.api.fail('UsersUnban', { rawBody: { user_ids: 'user_1' } }, 422);
  });

  it('a user of another instance is unknown here', async () => {
    const other = await useTestInstance(dialect);
    const stranger = await createTestUser(other.api);
    await t.api.fail('BanUser', { params: { user_id: stranger.id } }, 404, 'resource_not_found');
    await t.api.fail('UsersBan', { body: { user_ids: [stranger.id] } }, 422);
  });

  it('LockUser locks for the default hour; the lock reads as lifted once it expires', async () => {
    const user = await createTestUser(t.api);
    expect(user).toMatchObject({
      locked: false,
      lockout_expires_in_seconds: null,
      verification_attempts_remaining: 100,
    });
    t.clock.set(Date.UTC(2026, 0, 1, 12));
    const locked = await t.api.ok('LockUser', { params: { user_id: user.id } });
    expect(locked).toMatchObject({ locked: true, lockout_expires_in_seconds: HOUR_S });
    t.clock.advance(59 * 60_000 + 30_000);
    const later = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(later).toMatchObject({ locked: true, lockout_expires_in_seconds: 30 });
    t.clock.advance(30_000);
    const expired = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(expired).toMatchObject({ locked: false, lockout_expires_in_seconds: null });
    const [listed] = await t.api.ok('GetUserList', { query: { user_id: [user.id] } });
    expect(listed).toMatchObject({ locked: false });
    t.clock.useRealTime();
  });

  it('UnlockUser lifts the lock at once and records user.updated', async () => {
    const user = await createTestUser(t.api);
    await t.api.ok('LockUser', { params: { user_id: user.id } });
    const unlocked = await t.api.ok('UnlockUser', { params: { user_id: user.id } });
    expect(unlocked).toMatchObject({ locked: false, lockout_expires_in_seconds: null });
    expect((await updatedEventsOf(t, user.id)).map((e) => e.data.locked)).toEqual([true, false]);
  });

  it('CreateUser with locked: true creates a user locked from now', async () => {
    const user = await createTestUser(t.api, { locked: true });
    expect(user).toMatchObject({ locked: true, lockout_expires_in_seconds: HOUR_S });
  });

  it('the lock follows the instance lockout duration; none means until unlocked', async () => {
    const other = await useTestInstance(dialect);
    await setLockout(other, { duration_in_minutes: null, max_attempts: 7 });
    const user = await createTestUser(other.api);
    expect(user.verification_attempts_remaining).toBe(7);
    const locked = await other.api.ok('LockUser', { params: { user_id: user.id } });
    expect(locked).toMatchObject({ locked: true, lockout_expires_in_seconds: null });
    await setLockout(other, { duration_in_minutes: 5 });
    const got = await other.api.ok('GetUser', { params: { user_id: user.id } });
    expect(got.lockout_expires_in_seconds).toBeLessThanOrEqual(300);
    await setLockout(other, { enabled: false });
    const off = await other.api.ok('GetUser', { params: { user_id: user.id } });
    expect(off.verification_attempts_remaining).toBeNull();
  });
});

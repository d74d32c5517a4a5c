import { hash as bcryptHash } from '@node-rs/bcrypt';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../../helpers/test-instance.js';
import { testDialects } from '../../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../../helpers/users.js';
import { expectUserLocked, setLockout, UNKNOWN_USER, updatedEventsOf } from './authn-helpers.js';

const PASSWORD = 'correct-horse-battery-staple';
const START = Date.UTC(2026, 5, 1, 8);

describe.each(testDialects())('POST /users/{id}/verify_password and lockout (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await setLockout(t, { max_attempts: 3, duration_in_minutes: 10 });
  });

  const verify = (userId: string, password: string) =>
    t.api.call('VerifyPassword', { params: { user_id: userId }, body: { password } });

  it('answers verified: true for the right password', async () => {
    const user = await createTestUser(t.api);
    const body = await t.api.ok('VerifyPassword', {
      params: { user_id: user.id },
      body: { password: PASSWORD },
    });
    expect(body).toEqual({ verified: true });
  });

  it('verifies an imported bcrypt digest', async () => {
    const digest = await bcryptHash('imported secret', 4);
    const user = await createTestUser(t.api, {
      password: undefined,
      password_digest: digest,
      password_hasher: 'bcrypt',
      email_address: [uniqueEmail()],
    });
    const ok = await t.api.ok('VerifyPassword', {
      params: { user_id: user.id },
      body: { password: 'imported secret' },
    });
    expect(ok.verified).toBe(true);
    expect((await verify(user.id, 'imported secreT')).status).toBe(422);
  });

  it('a wrong password is 422 form_password_incorrect and counts one attempt', async () => {
    const user = await createTestUser(t.api);
    const body = await t.api.fail(
      'VerifyPassword',
      { params: { user_id: user.id }, body: { password: 'wrong password' } },
      422,
      'form_password_incorrect',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'password' });
    const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(got.verification_attempts_remaining).toBe(2);
  });

  it('the right password resets the failed attempts', async () => {
    const user = await createTestUser(t.api);
    await verify(user.id, 'wrong password');
    await verify(user.id, 'wrong password');
    await t.api.ok('VerifyPassword', {
      params: { user_id: user.id },
      body: { password: PASSWORD },
    });
    const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(got.verification_attempts_remaining).toBe(3);
  });

  it('the third wrong password locks the user; the lock expires after the duration', async () => {
    t.clock.set(START);
    const user = await createTestUser(t.api);
    await t.api.fail(
      'VerifyPassword',
      { params: { user_id: user.id }, body: { password: 'x' } },
      422,
    );
    await t.api.fail(
      'VerifyPassword',
      { params: { user_id: user.id }, body: { password: 'y' } },
      422,
    );
    expect(
      await expectUserLocked(t, 'VerifyPassword', { user_id: user.id }, { password: 'z' }),
    ).toBe(600);
    const locked = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(locked).toMatchObject({
      locked: true,
      lockout_expires_in_seconds: 600,
      verification_attempts_remaining: 0,
    });
    expect((await updatedEventsOf(t, user.id)).map((e) => e.data.locked)).toEqual([true]);
    // Locked: even the right password is refused, and refusing it counts nothing.
    t.clock.advance(4 * 60_000);
    expect(
      await expectUserLocked(t, 'VerifyPassword', { user_id: user.id }, { password: PASSWORD }),
    ).toBe(360);
    t.clock.advance(6 * 60_000);
    const after = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(after).toMatchObject({ locked: false, verification_attempts_remaining: 3 });
    // After expiry the count starts again from zero.
    await t.api.fail(
      'VerifyPassword',
      { params: { user_id: user.id }, body: { password: 'x' } },
      422,
    );
    const counted = await t.api.ok('GetUser', { params: { user_id: user.id } });
    expect(counted).toMatchObject({ locked: false, verification_attempts_remaining: 2 });
    await t.api.ok('VerifyPassword', {
      params: { user_id: user.id },
      body: { password: PASSWORD },
    });
    t.clock.useRealTime();
  });

  it('concurrent wrong passwords all count (atomic increment)', async () => {
    const other = await useTestInstance(dialect);
    await setLockout(other, { max_attempts: 10 });
    const user = await createTestUser(other.api);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        other.api.call('VerifyPassword', {
          params: { user_id: user.id },
          body: { password: 'no' },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([422, 422, 422, 422, 422, 422]);
    const got = await other.api.ok('GetUser', { params: { user_id: user.id } });
    expect(got.verification_attempts_remaining).toBe(4);
  });

  it('UnlockUser lifts a lockout and forgets the attempts', async () => {
    const user = await createTestUser(t.api);
    for (const password of ['a', 'b']) await verify(user.id, password);
    await expectUserLocked(t, 'VerifyPassword', { user_id: user.id }, { password: 'c' });
    const unlocked = await t.api.ok('UnlockUser', { params: { user_id: user.id } });
    expect(unlocked).toMatchObject({ locked: false, verification_attempts_remaining: 3 });
    await t.api.ok('VerifyPassword', {
      params: { user_id: user.id },
      body: { password: PASSWORD },
    });
  });

  it('with lockout off, wrong passwords are not counted and never lock', async () => {
    const other = await useTestInstance(dialect);
    await setLockout(other, { enabled: false, max_attempts: 1 });
    const user = await createTestUser(other.api);
    for (let i = 0; i < 3; i++) {
      await other.api.fail(
        'VerifyPassword',
        { params: { user_id: user.id }, body: { password: 'no' } },
        422,
      );
    }
    const got = await other.api.ok('GetUser', { params: { user_id: user.id } });
    expect(got).toMatchObject({ locked: false, verification_attempts_remaining: null });
  });

  it('a user without a password is 400 password_not_set; an unknown user 404', async () => {
    const user = await createTestUser(t.api, {
      password: undefined,
      skip_password_requirement: true,
    });
    expect(user.password_enabled).toBe(false);
    const noPassword = await verify(user.id, PASSWORD);
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.errors[0].code).toBe('password_not_set');
    await t.api.fail(
      'VerifyPassword',
      { params: { user_id: UNKNOWN_USER }, body: { password: 'x' } },
      404,
      'resource_not_found',
    );
  });

  it('a missing or non-string password is 422', async () => {
    const user = await createTestUser(t.api);
    await t.api.fail(
      'VerifyPassword',
      { params: { user_id: user.id }, rawBody: {} },
      422,
      'form_param_missing',
    );
    await t.api.fail('VerifyPassword', { params: { user_id: user.id } }, 422, 'form_param_missing');
    await t.api.fail(
      'VerifyPassword',
      { params: { user_id: user.id }, rawBody: { password: 12 } },
      422,
      'form_param_format_invalid',
    );
    await t.api.fail(
      'VerifyPassword',
      { params: { user_id: user.id }, rawBody: { password: 'x', extra: 1 } },
      422,
      'form_param_unknown',
    );
  });
});

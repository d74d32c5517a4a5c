import { beforeAll, describe, expect, it } from 'vitest';
import { lastCodeSentTo } from '../helpers/messages.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import { authenticatorCode } from '../users/authn/authn-helpers.js';
import type { FapiTestInstance } from './core-fapi.js';
import { lockoutSettings, newBrowser, PASSWORD, useFlowsInstance } from './flows-helpers.js';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

describe.each(testDialects())('FAPI sign-ins: second factors (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(
      dialect,
      'production',
      lockoutSettings({ max_attempts: 3, duration_in_minutes: 10 }),
    );
  });

  async function user(body: Record<string, unknown> = {}) {
    const email = uniqueEmail('signin2');
    const created = await createTestUser(t.api, {
      email_address: [email],
      password: PASSWORD,
      ...body,
    });
    return { email, user: created };
  }

  it('second factor › a TOTP user needs it after the password; the TOTP code completes the sign-in', async () => {
    const { email } = await user({ totp_secret: TOTP_SECRET, backup_codes: ['backup-one-111'] });
    const b = await newBrowser(t);
    const now = Date.now();
    t.clock.set(now);
    const first = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    expect(first.body.response).toMatchObject({
      status: 'needs_second_factor',
      created_session_id: null,
      supported_second_factors: [{ strategy: 'totp' }, { strategy: 'backup_code' }],
    });
    expect(first.body.client.sessions).toEqual([]);
    const id = first.body.response.id;
    const wrong = await b.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, {
      form: {
        strategy: 'totp',
        code: '000000' === authenticatorCode(TOTP_SECRET, now) ? '111111' : '000000',
      },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].code).toBe('form_code_incorrect');
    const done = await b.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, {
      form: { strategy: 'totp', code: authenticatorCode(TOTP_SECRET, now) },
    });
    t.clock.useRealTime();
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.response).toMatchObject({
      status: 'complete',
      second_factor_verification: { status: 'verified', strategy: 'totp' },
    });
    expect(done.body.client.sessions).toHaveLength(1);
  });

  it('second factor › a backup code completes it once; prepare for an unset factor is refused', async () => {
    const { email } = await user({ backup_codes: ['backup-two-222', 'backup-three-333'] });
    const signInWith = async () => {
      const b = await newBrowser(t);
      const res = await b.call('POST', '/v1/client/sign_ins', {
        form: { identifier: email, password: PASSWORD },
      });
      return { b, id: res.body.response.id as string };
    };
    const { b, id } = await signInWith();
    const totp = await b.call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, {
      form: { strategy: 'phone_code' },
    });
    expect(totp.body.errors[0].code).toBe('strategy_for_user_invalid');
    const done = await b.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, {
      form: { strategy: 'backup_code', code: 'backup-two-222' },
    });
    expect(done.body.response.status).toBe('complete');
    const again = await signInWith();
    const reused = await again.b.call(
      'POST',
      `/v1/client/sign_ins/${again.id}/attempt_second_factor`,
      {
        form: { strategy: 'backup_code', code: 'backup-two-222' },
      },
    );
    expect(reused.body.errors[0].code).toBe('form_code_incorrect');
  });

  it('second factor › wrong TOTP codes count against the lockout; the third locks the user', async () => {
    const { email } = await user({ totp_secret: TOTP_SECRET });
    const b = await newBrowser(t);
    const now = Date.now();
    t.clock.set(now);
    const id = (
      await b.call('POST', '/v1/client/sign_ins', {
        form: { identifier: email, password: PASSWORD },
      })
    ).body.response.id;
    const right = authenticatorCode(TOTP_SECRET, now);
    const wrong = right === '000000' ? '111111' : '000000';
    const attempt = (code: string) =>
      b.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, {
        form: { strategy: 'totp', code },
      });
    expect((await attempt(wrong)).body.errors[0].code).toBe('form_code_incorrect');
    expect((await attempt(wrong)).body.errors[0].code).toBe('form_code_incorrect');
    const third = await attempt(wrong);
    const locked = await attempt(right);
    t.clock.useRealTime();
    expect(third.status).toBe(403);
    expect(third.body.errors[0].code).toBe('user_locked');
    expect(locked.body.errors[0].code).toBe('user_locked');
  });
});

describe.each(testDialects())('FAPI sign-ins: reset password and test mode (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'development');
  });

  it('reset_password_email_code › the reset code, a new password, other sessions signed out', async () => {
    const email = uniqueEmail('reset');
    const u = await createTestUser(t.api, { email_address: [email], password: PASSWORD });
    const old = await newBrowser(t);
    const oldSignIn = await old.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    const oldSession = oldSignIn.body.response.created_session_id as string;
    const b = await newBrowser(t);
    const signIn = (await b.call('POST', '/v1/client/sign_ins', { form: { identifier: email } }))
      .body.response;
    const early = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/reset_password`, {
      form: { password: 'another-long-password-1' },
    });
    expect(early.body.errors[0].code).toBe('sign_in_status_invalid');
    await b.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, {
      form: { strategy: 'reset_password_email_code' },
    });
    const code = await lastCodeSentTo(t, email);
    const verified = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'reset_password_email_code', code },
    });
    expect(verified.body.response.status).toBe('needs_new_password');
    const weak = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/reset_password`, {
      form: { password: 'password' },
    });
    expect(weak.body.errors[0]).toMatchObject({
      code: 'form_password_pwned',
      meta: { param_name: 'password' },
    });
    const done = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/reset_password`, {
      form: { password: 'another-long-password-1', sign_out_of_other_sessions: 'true' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.response.status).toBe('complete');
    const sessions = await t.app.inject({
      method: 'GET',
      url: `/v1/sessions?user_id=${u.id}&status=active`,
      headers: t.auth,
    });
    const active = sessions.json().map((s: { id: string }) => s.id);
    expect(active).toEqual([done.body.response.created_session_id]);
    expect(active).not.toContain(oldSession);
    const verify = await t.api.call('VerifyPassword', {
      params: { user_id: u.id },
      body: { password: 'another-long-password-1' },
    });
    expect(verify.status).toBe(200);
  });

  it('test mode › a +clerk_test address signs in with 424242', async () => {
    const email = `signin.${process.pid}.${Date.now()}+clerk_test@example.com`;
    await createTestUser(t.api, { email_address: [email], password: PASSWORD });
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, strategy: 'email_code' },
    });
    expect(res.body.response.first_factor_verification).toMatchObject({ status: 'unverified' });
    const done = await b.call(
      'POST',
      `/v1/client/sign_ins/${res.body.response.id}/attempt_first_factor`,
      {
        form: { strategy: 'email_code', code: '424242' },
      },
    );
    expect(done.body.response.status).toBe('complete');
  });
});

describe.each(testDialects())('FAPI attempts abandoned after a day (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production');
  });

  it('a sign-in and a sign-up older than 24 hours are not found, and leave the client', async () => {
    const email = uniqueEmail('abandon');
    await createTestUser(t.api, { email_address: [email], password: PASSWORD });
    const b = await newBrowser(t);
    const now = Date.now();
    t.clock.set(now);
    const signIn = (await b.call('POST', '/v1/client/sign_ins', { form: { identifier: email } }))
      .body.response;
    const signUp = (
      await b.call('POST', '/v1/client/sign_ups', {
        form: { email_address: uniqueEmail('abandon-up'), password: PASSWORD },
      })
    ).body.response;
    expect(signUp.abandon_at).toBe(now + 24 * 60 * 60 * 1000);
    expect(signIn.abandon_at).toBe(now + 24 * 60 * 60 * 1000);
    t.clock.set(now + 24 * 60 * 60 * 1000);
    const readIn = await b.call('GET', `/v1/client/sign_ins/${signIn.id}`);
    const readUp = await b.call('GET', `/v1/client/sign_ups/${signUp.id}`);
    const attempt = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'password', password: PASSWORD },
    });
    const client = await b.call('GET', '/v1/client');
    t.clock.useRealTime();
    expect([readIn.status, readUp.status, attempt.status]).toEqual([404, 404, 404]);
    expect(client.body.response).toMatchObject({ sign_in: null, sign_up: null });
  });

  it('a user deleted during a sign-in: the sign-in shows no factors, its next step is not found', async () => {
    const email = uniqueEmail('deleted');
    const u = await createTestUser(t.api, { email_address: [email], password: PASSWORD });
    const b = await newBrowser(t);
    const signIn = (await b.call('POST', '/v1/client/sign_ins', { form: { identifier: email } }))
      .body.response;
    await t.api.ok('DeleteUser', { params: { user_id: u.id } });
    const read = await b.call('GET', `/v1/client/sign_ins/${signIn.id}`);
    expect(read.status).toBe(200);
    expect(read.body.response).toMatchObject({ supported_first_factors: [], user_data: null });
    const attempt = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'password', password: PASSWORD },
    });
    expect(attempt.status).toBe(404);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { lastCodeSentTo } from '../helpers/messages.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import type { FapiBrowser, FapiTestInstance } from './core-fapi.js';
import { lockoutSettings, newBrowser, PASSWORD, useFlowsInstance } from './flows-helpers.js';

describe.each(testDialects())('FAPI sign-ins (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(
      dialect,
      'production',
      lockoutSettings({ max_attempts: 3, duration_in_minutes: 10 }),
    );
  });

  async function user(body: Record<string, unknown> = {}) {
    const email = uniqueEmail('signin');
    const created = await createTestUser(t.api, {
      email_address: [email],
      password: PASSWORD,
      ...body,
    });
    return { email, user: created };
  }

  async function identified(b: FapiBrowser, identifier: string) {
    const res = await b.call('POST', '/v1/client/sign_ins', { form: { identifier } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.response;
  }

  it('POST /v1/client/sign_ins › identifier and password complete it in one call, with the session piggybacked', async () => {
    const { email, user: u } = await user();
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD, locale: 'en-US' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const signIn = res.body.response;
    expect(signIn).toMatchObject({
      object: 'sign_in_attempt',
      status: 'complete',
      identifier: email,
      created_session_id: expect.stringMatching(/^sess_/),
      first_factor_verification: { status: 'verified', strategy: 'password' },
    });
    const session = res.body.client.sessions.find(
      (s: { id: string }) => s.id === signIn.created_session_id,
    );
    expect(session.user.id).toBe(u.id);
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/sessions?user_id=${u.id}`,
      headers: t.auth,
    });
    expect(list.json().map((s: { id: string }) => s.id)).toEqual([signIn.created_session_id]);
  });

  it('identifier first › needs_first_factor with the account’s factors, then the password completes it', async () => {
    const { email, user: u } = await user({ first_name: 'Grace' });
    const b = await newBrowser(t);
    const signIn = await identified(b, email.toUpperCase());
    expect(signIn).toMatchObject({
      status: 'needs_first_factor',
      supported_identifiers: expect.arrayContaining(['email_address', 'username']),
      user_data: { first_name: 'Grace', has_image: false },
      created_session_id: null,
    });
    const strategies = signIn.supported_first_factors.map((f: { strategy: string }) => f.strategy);
    expect(strategies).toEqual(['password', 'email_code', 'reset_password_email_code']);
    expect(signIn.supported_first_factors[1]).toMatchObject({
      email_address_id: u.email_addresses[0]!.id,
      safe_identifier: email,
      primary: true,
    });
    const read = await b.call('GET', `/v1/client/sign_ins/${signIn.id}`);
    expect(read.body.response.id).toBe(signIn.id);
    expect(read.body.client.sign_in?.id).toBe(signIn.id);
    const done = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'password', password: PASSWORD },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.response.status).toBe('complete');
    expect(done.body.client.sessions.map((s: { id: string }) => s.id)).toContain(
      done.body.response.created_session_id,
    );
  });

  it('a username signs in too', async () => {
    const username = `ada_${process.pid}_${Date.now()}`;
    await user({ username });
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: username, password: PASSWORD },
    });
    expect(res.body.response.status).toBe('complete');
  });

  it('an unknown identifier is form_identifier_not_found, and no sign-in is made', async () => {
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: uniqueEmail('nobody') },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_identifier_not_found',
      meta: { param_name: 'identifier' },
    });
  });

  it('an unverified email address identifies nobody', async () => {
    const { user: u } = await user();
    const unverified = uniqueEmail('unverified');
    await t.api.ok('CreateEmailAddress', {
      body: { user_id: u.id, email_address: unverified, verified: false },
    });
    const res = await (
      await newBrowser(t)
    ).call('POST', '/v1/client/sign_ins', {
      form: { identifier: unverified, password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('form_identifier_not_found');
  });

  it('a wrong password is form_password_incorrect; the lockout counts it and locks the user', async () => {
    const { email, user: u } = await user();
    const b = await newBrowser(t);
    const signIn = await identified(b, email);
    const attempt = (password: string) =>
      b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
        form: { strategy: 'password', password },
      });
    const first = await attempt('wrong-password-1');
    expect(first.status).toBe(422);
    expect(first.body.errors[0]).toMatchObject({
      code: 'form_password_incorrect',
      meta: { param_name: 'password' },
    });
    expect((await attempt('wrong-password-2')).body.errors[0].code).toBe('form_password_incorrect');
    const third = await attempt('wrong-password-3');
    expect(third.status).toBe(403);
    expect(third.body.errors[0].code).toBe('user_locked');
    // Locked: even the right password is refused, at create too.
    expect((await attempt(PASSWORD)).body.errors[0].code).toBe('user_locked');
    const fresh = await (
      await newBrowser(t)
    ).call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    expect(fresh.status).toBe(403);
    expect(fresh.body.errors[0].code).toBe('user_locked');
    expect((await t.api.ok('GetUser', { params: { user_id: u.id } })).locked).toBe(true);
  });

  it('email code › prepare sends the code through the transport; attempting it completes the sign-in', async () => {
    const { email, user: u } = await user();
    const b = await newBrowser(t);
    const signIn = await identified(b, email);
    const prepared = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, {
      form: { strategy: 'email_code', email_address_id: u.email_addresses[0]!.id! },
    });
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(200);
    expect(prepared.body.response.first_factor_verification).toMatchObject({
      status: 'unverified',
      strategy: 'email_code',
      attempts: 0,
      expire_at: expect.any(Number),
    });
    const code = await lastCodeSentTo(t, email);
    const done = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'email_code', code },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.response).toMatchObject({
      status: 'complete',
      first_factor_verification: { status: 'verified', strategy: 'email_code', attempts: 1 },
    });
    // Used once: the same code on a new sign-in is not accepted without a new prepare.
    const next = await identified(b, email);
    const reused = await b.call('POST', `/v1/client/sign_ins/${next.id}/attempt_first_factor`, {
      form: { strategy: 'email_code', code },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].code).toBe('verification_missing');
    // And the completed sign-in takes no further attempts.
    const after = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'email_code', code },
    });
    expect(after.status).toBe(422);
    expect(after.body.errors[0].code).toBe('sign_in_status_invalid');
  });

  it('email code › wrong codes are form_code_incorrect, then verification_failed', async () => {
    const { email } = await user();
    const b = await newBrowser(t);
    const signIn = await identified(b, email);
    await b.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, {
      form: { strategy: 'email_code' },
    });
    const right = await lastCodeSentTo(t, email);
    const wrong = right === '000000' ? '111111' : '000000';
    const attempt = (code: string) =>
      b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
        form: { strategy: 'email_code', code },
      });
    const first = await attempt(wrong);
    expect(first.status).toBe(422);
    expect(first.body.errors[0]).toMatchObject({
      code: 'form_code_incorrect',
      meta: { param_name: 'code' },
    });
    expect((await attempt(wrong)).body.errors[0].code).toBe('form_code_incorrect');
    // The third wrong code fails the verification and reaches the lockout's maximum (3).
    const third = await attempt(wrong);
    expect(third.status).toBe(403);
    expect(third.body.errors[0].code).toBe('user_locked');
    const read = await b.call('GET', `/v1/client/sign_ins/${signIn.id}`);
    expect(read.body.response.first_factor_verification).toMatchObject({
      status: 'failed',
      attempts: 3,
    });
  });

  it('email code › an expired code is verification_expired', async () => {
    const { email } = await user();
    const b = await newBrowser(t);
    const signIn = await identified(b, email);
    const now = Date.now();
    t.clock.set(now);
    await b.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, {
      form: { strategy: 'email_code' },
    });
    const code = await lastCodeSentTo(t, email);
    t.clock.set(now + 10 * 60 * 1000);
    const res = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'email_code', code },
    });
    t.clock.useRealTime();
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('verification_expired');
  });

  it('prepare_first_factor › another user’s email_address_id is refused', async () => {
    const { email } = await user();
    const { user: other } = await user();
    const b = await newBrowser(t);
    const signIn = await identified(b, email);
    const res = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, {
      form: { strategy: 'email_code', email_address_id: other.email_addresses[0]!.id! },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_param_value_invalid',
      meta: { param_name: 'email_address_id' },
    });
  });

  it('a sign-in id of another client is not found', async () => {
    const { email } = await user();
    const signIn = await identified(await newBrowser(t), email);
    const stranger = await newBrowser(t);
    for (const [method, path] of [
      ['GET', `/v1/client/sign_ins/${signIn.id}`],
      ['POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`],
      ['POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`],
    ] as const) {
      const res = await stranger.call(method, path, {
        form: { strategy: 'password', password: PASSWORD },
      });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.errors[0].code).toBe('resource_not_found');
    }
  });

  it('missing and unsupported fields are Clerk’s form errors', async () => {
    const b = await newBrowser(t);
    const noIdentifier = await b.call('POST', '/v1/client/sign_ins', {
      form: { strategy: 'password' },
    });
    expect(noIdentifier.body.errors[0]).toMatchObject({
      code: 'form_param_missing',
      meta: { param_name: 'identifier' },
    });
    const oauth = await b.call('POST', '/v1/client/sign_ins', {
      form: { strategy: 'oauth_google', identifier: 'x@example.com' },
    });
    expect(oauth.body.errors[0]).toMatchObject({
      code: 'form_param_value_invalid',
      meta: { param_name: 'strategy' },
    });
    const empty = await b.call('POST', '/v1/client/sign_ins');
    expect(empty.status).toBe(200);
    expect(empty.body.response).toMatchObject({
      status: 'needs_identifier',
      supported_first_factors: [],
    });
    const noStrategy = await b.call(
      'POST',
      `/v1/client/sign_ins/${empty.body.response.id}/attempt_first_factor`,
    );
    expect(noStrategy.body.errors[0]).toMatchObject({
      code: 'form_param_missing',
      meta: { param_name: 'strategy' },
    });
  });
});

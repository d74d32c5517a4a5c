import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCodeSentTo, listMessages } from '../helpers/messages.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import type { FapiBrowser, FapiTestInstance } from './core-fapi.js';
import { newBrowser, PASSWORD, useFlowsInstance } from './flows-helpers.js';

describe.each(testDialects())('FAPI sign-ups (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production');
  });
  afterAll(() => t.clock.useRealTime());

  const browser = () => newBrowser(t);

  async function started(b: FapiBrowser, email = uniqueEmail('signup')) {
    const res = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: email, password: PASSWORD, locale: 'en-US', timezone: 'UTC' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { email, signUp: res.body.response, client: res.body.client };
  }

  it('POST /v1/client/sign_ups › with email and password, the email waits for its code', async () => {
    const b = await browser();
    const { email, signUp, client } = await started(b);
    expect(signUp).toMatchObject({
      object: 'sign_up_attempt',
      status: 'missing_requirements',
      email_address: email,
      password_enabled: true,
      required_fields: expect.arrayContaining(['email_address', 'password']),
      missing_fields: [],
      unverified_fields: ['email_address'],
      verifications: {
        email_address: {
          status: 'unverified',
          next_action: 'needs_prepare',
          supported_strategies: ['email_code'],
        },
      },
      created_session_id: null,
      created_user_id: null,
    });
    expect(client.sign_up?.id).toBe(signUp.id);
    // The Backend API sees the same sign-up.
    const bapi = await t.app.inject({
      method: 'GET',
      url: `/v1/sign_ups/${signUp.id}`,
      headers: t.auth,
    });
    expect(bapi.statusCode).toBe(200);
    expect(bapi.json()).toMatchObject({ id: signUp.id, email_address: email });
  });

  it('prepare and attempt verification › the emailed code completes it: user, session, piggybacked client', async () => {
    const b = await browser();
    const { email, signUp } = await started(b);
    const prepared = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    expect(prepared.status).toBe(200);
    expect(prepared.body.response.verifications.email_address).toMatchObject({
      status: 'unverified',
      strategy: 'email_code',
      attempts: 0,
      next_action: 'needs_attempt',
      expire_at: expect.any(Number),
    });
    const code = await lastCodeSentTo(t, email);
    const done = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/attempt_verification`, {
      form: { strategy: 'email_code', code },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const completed = done.body.response;
    expect(completed).toMatchObject({
      status: 'complete',
      missing_fields: [],
      unverified_fields: [],
      created_session_id: expect.stringMatching(/^sess_/),
      created_user_id: expect.stringMatching(/^user_/),
    });
    const sessions = done.body.client.sessions as { id: string; user: { id: string } }[];
    expect(sessions.map((s) => s.id)).toContain(completed.created_session_id);
    // The Backend API lists the user and the browser's session.
    const user = await t.api.ok('GetUser', { params: { user_id: completed.created_user_id } });
    expect(user.email_addresses[0]!.email_address).toBe(email);
    expect(user.password_enabled).toBe(true);
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/sessions?user_id=${completed.created_user_id}`,
      headers: t.auth,
    });
    expect(list.json().map((s: { id: string }) => s.id)).toEqual([completed.created_session_id]);
    // The Backend API's GetSignUp shows the completed sign-up (checked against the contract).
    const bapi = await t.api.ok('GetSignUp', { params: { id: signUp.id } });
    expect(bapi).toMatchObject({
      status: 'complete',
      created_user_id: completed.created_user_id,
      created_session_id: completed.created_session_id,
      verifications: { email_address: { status: 'verified', strategy: 'email_code' } },
    });
    // The code is used up: the completed sign-up takes no more attempts.
    const again = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/attempt_verification`, {
      form: { strategy: 'email_code', code },
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].code).toBe('sign_up_cannot_be_updated');
  });

  it('attempt_verification › a wrong code is form_code_incorrect; the third fails the verification', async () => {
    const b = await browser();
    const { email, signUp } = await started(b);
    await b.call('POST', `/v1/client/sign_ups/${signUp.id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    const right = await lastCodeSentTo(t, email);
    const wrong = right === '000000' ? '111111' : '000000';
    const attempt = () =>
      b.call('POST', `/v1/client/sign_ups/${signUp.id}/attempt_verification`, {
        form: { strategy: 'email_code', code: wrong },
      });
    const first = await attempt();
    expect(first.status).toBe(422);
    expect(first.body.errors[0]).toMatchObject({
      code: 'form_code_incorrect',
      meta: { param_name: 'code' },
    });
    expect((await attempt()).body.errors[0].code).toBe('form_code_incorrect');
    const third = await attempt();
    expect(third.body.errors[0].code).toBe('verification_failed');
    const read = await b.call('GET', `/v1/client/sign_ups/${signUp.id}`);
    expect(read.body.response.verifications.email_address).toMatchObject({
      status: 'failed',
      attempts: 3,
      next_action: 'needs_prepare',
    });
    // Even the right code no longer works; preparing again sends a new one.
    const late = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/attempt_verification`, {
      form: { strategy: 'email_code', code: right },
    });
    expect(late.body.errors[0].code).toBe('verification_failed');
  });

  it('attempt_verification › an expired code is verification_expired', async () => {
    const b = await browser();
    const { email, signUp } = await started(b);
    const now = Date.now();
    t.clock.set(now);
    await b.call('POST', `/v1/client/sign_ups/${signUp.id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    const code = await lastCodeSentTo(t, email);
    t.clock.set(now + 10 * 60 * 1000 + 1);
    const res = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/attempt_verification`, {
      form: { strategy: 'email_code', code },
    });
    t.clock.useRealTime();
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('verification_expired');
  });

  it('attempt_verification › before prepare_verification is verification_missing', async () => {
    const b = await browser();
    const { signUp } = await started(b);
    const res = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/attempt_verification`, {
      form: { strategy: 'email_code', code: '123456' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('verification_missing');
  });

  it('POST /v1/client/sign_ups › a taken email is form_identifier_exists, and nothing is written', async () => {
    const taken = await createTestUser(t.api);
    const b = await browser();
    const res = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: taken.email_addresses[0]!.email_address, password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_identifier_exists',
      meta: { param_name: 'email_address' },
    });
    expect(b.cookies.size).toBe(0);
  });

  it.each([
    ['password', 'form_password_pwned', 'password'],
    ['short', 'form_password_length_too_short', 'password'],
  ])('POST /v1/client/sign_ups › the weak password %s is %s', async (password, code, param) => {
    const res = await (
      await browser()
    ).call('POST', '/v1/client/sign_ups', {
      form: { email_address: uniqueEmail(), password },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ code, meta: { param_name: param } });
  });

  it('POST /v1/client/sign_ups › a malformed email is form_param_format_invalid', async () => {
    const res = await (
      await browser()
    ).call('POST', '/v1/client/sign_ups', {
      form: { email_address: 'not-an-email', password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'email_address' },
    });
  });

  it('missing fields › without a password it is missing; PATCH supplies it', async () => {
    const b = await browser();
    const res = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: uniqueEmail() },
    });
    expect(res.status).toBe(200);
    const signUp = res.body.response;
    expect(signUp.missing_fields).toEqual(['password']);
    const patched = await b.call('PATCH', `/v1/client/sign_ups/${signUp.id}`, {
      form: { password: PASSWORD, first_name: 'Ada', unsafe_metadata: '{"plan":"pro"}' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.response).toMatchObject({
      missing_fields: [],
      password_enabled: true,
      first_name: 'Ada',
      unsafe_metadata: { plan: 'pro' },
    });
    const bad = await b.call('PATCH', `/v1/client/sign_ups/${signUp.id}`, {
      form: { unsafe_metadata: '[1' },
    });
    expect(bad.body.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'unsafe_metadata' },
    });
  });

  it('PATCH › a changed email must be verified again', async () => {
    const b = await browser();
    const { signUp } = await started(b);
    await b.call('POST', `/v1/client/sign_ups/${signUp.id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    const other = uniqueEmail('changed');
    const patched = await b.call('PATCH', `/v1/client/sign_ups/${signUp.id}`, {
      form: { email_address: other },
    });
    expect(patched.body.response).toMatchObject({
      email_address: other,
      unverified_fields: ['email_address'],
      verifications: { email_address: { status: 'unverified', next_action: 'needs_prepare' } },
    });
  });

  it('GET /v1/client/sign_ups/{id} › another browser’s sign-up is not found', async () => {
    const { signUp } = await started(await browser());
    const res = await (await browser()).call('GET', `/v1/client/sign_ups/${signUp.id}`);
    expect(res.status).toBe(404);
    expect(res.body.errors[0].code).toBe('resource_not_found');
  });

  it('prepare_verification › an unsupported strategy is refused', async () => {
    const b = await browser();
    const { signUp } = await started(b);
    const res = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/prepare_verification`, {
      form: { strategy: 'email_link' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_param_value_invalid',
      meta: { param_name: 'strategy' },
    });
    const none = await b.call('POST', `/v1/client/sign_ups/${signUp.id}/prepare_verification`);
    expect(none.body.errors[0]).toMatchObject({
      code: 'form_param_missing',
      meta: { param_name: 'strategy' },
    });
  });

  it('messages › the code email is in the stored messages, to the sign-up address', async () => {
    const b = await browser();
    const { email, signUp } = await started(b);
    await b.call('POST', `/v1/client/sign_ups/${signUp.id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    const { data } = await listMessages(t, { to: email });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ channel: 'email', slug: 'verification_code', user_id: null });
  });
});

describe.each(testDialects())('FAPI sign-ups, development test mode (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'development');
  });

  it('a 555-01xx phone number takes 424242 and gets no SMS', async () => {
    const b = await newBrowser(t);
    const phone = `+1201555${String(100 + (process.pid % 100)).padStart(4, '0')}`;
    const created = await b.call('POST', '/v1/client/sign_ups', {
      form: { phone_number: phone, email_address: uniqueEmail('dev-phone'), password: PASSWORD },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.response.id;
    await b.call('POST', `/v1/client/sign_ups/${id}/prepare_verification`, {
      form: { strategy: 'phone_code' },
    });
    expect((await listMessages(t, { to: phone })).data).toHaveLength(0);
    const done = await b.call('POST', `/v1/client/sign_ups/${id}/attempt_verification`, {
      form: { strategy: 'phone_code', code: '424242' },
    });
    expect(done.body.response).toMatchObject({
      status: 'missing_requirements',
      unverified_fields: ['email_address'],
    });
  });

  it('a +clerk_test address takes 424242 and gets no message', async () => {
    const b = await newBrowser(t);
    const email = `dev.${process.pid}.${Date.now()}+clerk_test@example.com`;
    const created = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: email, password: PASSWORD },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.response.id;
    await b.call('POST', `/v1/client/sign_ups/${id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    expect((await listMessages(t, { to: email })).data).toHaveLength(0);
    const done = await b.call('POST', `/v1/client/sign_ups/${id}/attempt_verification`, {
      form: { strategy: 'email_code', code: '424242' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.response.status).toBe('complete');
    expect(done.body.client.sessions).toHaveLength(1);
  });
});

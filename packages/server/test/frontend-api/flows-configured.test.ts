import { beforeAll, describe, expect, it } from 'vitest';
import { lastCodeSentTo, listMessages } from '../helpers/messages.js';
import { testDialects } from '../helpers/test-server.js';
import { uniquePhone } from '../helpers/phones.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import type { FapiTestInstance } from './core-fapi.js';
import { newBrowser, PASSWORD, useFlowsInstance } from './flows-helpers.js';

describe.each(testDialects())('FAPI flows with phone numbers (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production');
  });

  it('sign-up › email and phone both wait for their codes; the SMS code verifies the phone', async () => {
    const b = await newBrowser(t);
    const email = uniqueEmail('phone');
    const phone = uniquePhone();
    const created = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: email, phone_number: phone, password: PASSWORD },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.response.id;
    expect(created.body.response.unverified_fields).toEqual(['email_address', 'phone_number']);
    await b.call('POST', `/v1/client/sign_ups/${id}/prepare_verification`, {
      form: { strategy: 'phone_code' },
    });
    const sms = (await listMessages(t, { to: phone })).data[0];
    expect(sms).toMatchObject({ channel: 'sms', slug: 'verification_code' });
    const phoneDone = await b.call('POST', `/v1/client/sign_ups/${id}/attempt_verification`, {
      form: { strategy: 'phone_code', code: await lastCodeSentTo(t, phone) },
    });
    expect(phoneDone.body.response).toMatchObject({
      status: 'missing_requirements',
      unverified_fields: ['email_address'],
      verifications: { phone_number: { status: 'verified', next_action: '' } },
    });
    await b.call('POST', `/v1/client/sign_ups/${id}/prepare_verification`, {
      form: { strategy: 'email_code' },
    });
    const done = await b.call('POST', `/v1/client/sign_ups/${id}/attempt_verification`, {
      form: { strategy: 'email_code', code: await lastCodeSentTo(t, email) },
    });
    expect(done.body.response.status).toBe('complete');
    const user = await t.api.ok('GetUser', {
      params: { user_id: done.body.response.created_user_id },
    });
    expect(user.phone_numbers.map((p) => p.phone_number)).toEqual([phone]);
  });

  it('sign-in › a phone number identifies the user; the SMS code signs in', async () => {
    const phone = uniquePhone();
    const u = await createTestUser(t.api, { phone_number: [phone] });
    const b = await newBrowser(t);
    const created = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: phone, strategy: 'phone_code' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const signIn = created.body.response;
    expect(signIn.supported_first_factors).toContainEqual({
      strategy: 'phone_code',
      phone_number_id: u.phone_numbers[0]!.id,
      safe_identifier: phone,
      primary: true,
    });
    expect(signIn.first_factor_verification).toMatchObject({ strategy: 'phone_code' });
    const done = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'phone_code', code: await lastCodeSentTo(t, phone) },
    });
    expect(done.body.response.status).toBe('complete');
  });

  it('sign-in › a reset code by SMS lets the user set a new password', async () => {
    const phone = uniquePhone();
    await createTestUser(t.api, { email_address: [], phone_number: [phone], password: PASSWORD });
    const b = await newBrowser(t);
    const signIn = (await b.call('POST', '/v1/client/sign_ins', { form: { identifier: phone } }))
      .body.response;
    expect(signIn.supported_first_factors.map((f: { strategy: string }) => f.strategy)).toEqual([
      'password',
      'phone_code',
      'reset_password_phone_code',
    ]);
    await b.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, {
      form: { strategy: 'reset_password_phone_code' },
    });
    const sms = (await listMessages(t, { to: phone })).data[0];
    expect(sms).toMatchObject({ channel: 'sms', slug: 'reset_password_code' });
    const verified = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'reset_password_phone_code', code: await lastCodeSentTo(t, phone) },
    });
    expect(verified.body.response.status).toBe('needs_new_password');
    const done = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/reset_password`, {
      form: { password: 'a-brand-new-long-password' },
    });
    expect(done.body.response.status).toBe('complete');
    expect(done.body.client.last_authentication_strategy).toBe('reset_password_phone_code');
  });

  it('sign-in › a banned user gets no session', async () => {
    const email = uniqueEmail('banned');
    const u = await createTestUser(t.api, { email_address: [email], password: PASSWORD });
    await t.api.ok('BanUser', { params: { user_id: u.id } });
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('user_banned');
    const sessions = await t.app.inject({
      method: 'GET',
      url: `/v1/sessions?user_id=${u.id}`,
      headers: t.auth,
    });
    expect(sessions.json()).toEqual([]);
  });

  it('sign-in › a user without a password cannot use the password strategy', async () => {
    const phone = uniquePhone();
    await createTestUser(t.api, {
      email_address: [],
      phone_number: [phone],
      password: undefined,
      skip_password_requirement: true,
    });
    const b = await newBrowser(t);
    const signIn = (await b.call('POST', '/v1/client/sign_ins', { form: { identifier: phone } }))
      .body.response;
    expect(signIn.supported_first_factors.map((f: { strategy: string }) => f.strategy)).toEqual([
      'phone_code',
    ]);
    const res = await b.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      form: { strategy: 'password', password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('strategy_for_user_invalid');
  });
});

describe.each(testDialects())('FAPI sign-ups on a username instance (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production', {
      identifiers: { email_address: 'off', phone_number: 'off', username: 'required' },
      password_settings: { min_length: 12 },
    });
  });

  it('required fields come from the instance; nothing to verify: complete at once', async () => {
    const b = await newBrowser(t);
    const username = `user_${process.pid}_${Date.now()}`;
    const partial = await b.call('POST', '/v1/client/sign_ups', { form: { username } });
    expect(partial.body.response).toMatchObject({
      required_fields: ['username', 'password'],
      missing_fields: ['password'],
      unverified_fields: [],
      status: 'missing_requirements',
    });
    const short = await b.call('PATCH', `/v1/client/sign_ups/${partial.body.response.id}`, {
      form: { password: 'elevenchars' },
    });
    expect(short.status).toBe(422);
    expect(short.body.errors[0].meta.param_name).toBe('password');
    const done = await b.call('PATCH', `/v1/client/sign_ups/${partial.body.response.id}`, {
      form: { password: PASSWORD },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.response).toMatchObject({
      status: 'complete',
      created_user_id: expect.stringMatching(/^user_/),
    });
    expect(done.body.client.sessions).toHaveLength(1);
    const signIn = await (
      await newBrowser(t)
    ).call('POST', '/v1/client/sign_ins', {
      form: { identifier: username, password: PASSWORD },
    });
    expect(signIn.body.response.status).toBe('complete');
  });

  it('a field the instance has off is form_param_unknown; a missing username stays missing', async () => {
    const b = await newBrowser(t);
    const res = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: uniqueEmail(), password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_param_unknown',
      meta: { param_name: 'email_address' },
    });
    const noName = await b.call('POST', '/v1/client/sign_ups', { form: { password: PASSWORD } });
    expect(noName.body.response.missing_fields).toEqual(['username']);
  });

  it('a taken username is form_identifier_exists', async () => {
    const username = `taken_${process.pid}_${Date.now()}`;
    await createTestUser(t.api, { email_address: [], username, password: PASSWORD });
    const res = await (
      await newBrowser(t)
    ).call('POST', '/v1/client/sign_ups', {
      form: { username, password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_identifier_exists',
      meta: { param_name: 'username' },
    });
  });
});

describe.each(testDialects())('FAPI flows under the instance restrictions (%s)', (dialect) => {
  let t: FapiTestInstance;
  beforeAll(async () => {
    t = await useFlowsInstance(dialect, 'production');
  });

  it('a blocklisted email may not sign up nor sign in, unless the lists are off for sign-in', async () => {
    const email = uniqueEmail('blocked');
    await createTestUser(t.api, { email_address: [email] });
    await t.api.ok('CreateBlocklistIdentifier', { body: { identifier: email } });
    await t.api.ok('UpdateInstanceRestrictions', { body: { blocklist: true } });
    const b = await newBrowser(t);
    const signIn = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    expect(signIn.status).toBe(403);
    expect(signIn.body.errors[0].code).toBe('not_allowed_access');
    const blockedSignUp = uniqueEmail('blocked-up');
    await t.api.ok('CreateBlocklistIdentifier', { body: { identifier: blockedSignUp } });
    const signUp = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: blockedSignUp, password: PASSWORD },
    });
    expect(signUp.status).toBe(403);
    expect(signUp.body.errors[0]).toMatchObject({
      code: 'not_allowed_access',
      meta: { param_name: 'email_address' },
    });
    await t.api.ok('UpdateInstanceRestrictions', {
      body: { allowlist_blocklist_disabled_on_sign_in: true },
    });
    const allowed = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    expect(allowed.body.response.status).toBe('complete');
  });

  it('subaddressed emails are refused at sign-up only', async () => {
    const email = uniqueEmail('sub').replace('@', '+tag@');
    await createTestUser(t.api, { email_address: [email] });
    await t.api.ok('UpdateInstanceRestrictions', {
      body: { blocklist: false, block_email_subaddresses: true },
    });
    const b = await newBrowser(t);
    const signUp = await b.call('POST', '/v1/client/sign_ups', {
      form: { email_address: uniqueEmail('sub2').replace('@', '+x@'), password: PASSWORD },
    });
    expect(signUp.status).toBe(403);
    expect(signUp.body.errors[0].meta.param_name).toBe('email_address');
    const signIn = await b.call('POST', '/v1/client/sign_ins', {
      form: { identifier: email, password: PASSWORD },
    });
    expect(signIn.body.response.status).toBe('complete');
  });
});

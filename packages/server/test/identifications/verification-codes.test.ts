import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { lastCodeSentTo, listMessages } from '../helpers/messages.js';
import { uniquePhone } from '../helpers/phones.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

const TEN_MINUTES = 10 * 60 * 1000;

/** A code that is not `code` (six digits). */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe.each(testDialects())('verification codes (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  /** A user with a second, unverified address; returns both. */
  async function unverifiedEmail() {
    const user = await api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('owner')], skip_password_requirement: true },
    });
    const email = await api.ok('CreateEmailAddress', {
      body: { user_id: user.id, email_address: uniqueEmail('verify') },
    });
    return { user, email, params: { email_address_id: email.id! } };
  }

  it('prepare sends a code; the right code verifies the address', async () => {
    t.clock.set(Date.UTC(2026, 0, 1));
    const { user, email, params } = await unverifiedEmail();
    const prepared = await api.ok('PrepareEmailAddressVerification', { params });
    expect(prepared).toEqual({
      object: 'verification_otp',
      id: expect.stringMatching(/^ver_/),
      status: 'unverified',
      strategy: 'email_code',
      attempts: 0,
      expire_at: Date.UTC(2026, 0, 1) + TEN_MINUTES,
    });
    // The address shows the pending code's verification.
    const pending = await api.ok('GetEmailAddress', { params });
    expect(pending.verification).toEqual({
      object: 'verification_otp',
      status: 'unverified',
      strategy: 'email_code',
      attempts: 0,
      expire_at: prepared.expire_at,
    });
    const { data } = await listMessages(t, { to: email.email_address });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      channel: 'email',
      slug: 'verification_code',
      user_id: user.id,
      identification_id: email.id,
      status: 'sent',
    });
    const code = await lastCodeSentTo(t, email.email_address);
    expect(data[0]!.subject).toContain(code);

    t.clock.advance(TEN_MINUTES - 1);
    const attempted = await api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code },
    });
    expect(attempted).toMatchObject({ id: prepared.id, status: 'verified', attempts: 1 });
    const after = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.email_addresses[1]!.verification).toMatchObject({
      object: 'verification_otp',
      status: 'verified',
      strategy: 'email_code',
      attempts: 1,
    });
    // Verified, it can become primary.
    await api.ok('UpdateEmailAddress', { params, body: { primary: true } });
    // Resubmitting an accepted code is refused.
    const again = await api.fail(
      'AttemptEmailAddressVerification',
      { params, body: { verification_id: prepared.id, code } },
      400,
      'verification_already_verified',
    );
    expect(again.errors[0]!.meta).toEqual({ param_name: 'verification_id' });
    t.clock.useRealTime();
  });

  it('wrong codes count attempts; the third fails the verification for good', async () => {
    const { params } = await unverifiedEmail();
    const prepared = await api.ok('PrepareEmailAddressVerification', { params });
    const email = await api.ok('GetEmailAddress', { params });
    const code = await lastCodeSentTo(t, email.email_address);
    const attempt = (c: string) =>
      api.ok('AttemptEmailAddressVerification', {
        params,
        body: { verification_id: prepared.id, code: c },
      });
    expect(await attempt(wrong(code))).toMatchObject({ status: 'unverified', attempts: 1 });
    expect(await attempt('not a code')).toMatchObject({ status: 'unverified', attempts: 2 });
    expect(await attempt(wrong(code))).toMatchObject({ status: 'failed', attempts: 3 });
    // Even the right code no longer works.
    expect(await attempt(code)).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await api.ok('GetEmailAddress', { params })).verification).toMatchObject({
      status: 'failed',
      attempts: 3,
    });
    // A new code starts over.
    const next = await api.ok('PrepareEmailAddressVerification', { params });
    const nextCode = await lastCodeSentTo(t, email.email_address);
    const verified = await api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: next.id, code: nextCode },
    });
    expect(verified).toMatchObject({ status: 'verified', attempts: 1 });
  });

  it('an expired code expires the verification', async () => {
    t.clock.set(Date.UTC(2026, 1, 1));
    const { params, email } = await unverifiedEmail();
    const prepared = await api.ok('PrepareEmailAddressVerification', { params });
    const code = await lastCodeSentTo(t, email.email_address);
    t.clock.advance(TEN_MINUTES);
    const expired = await api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code },
    });
    expect(expired).toMatchObject({ status: 'expired', attempts: 0 });
    expect((await api.ok('GetEmailAddress', { params })).verification).toMatchObject({
      status: 'expired',
    });
    t.clock.useRealTime();
  });

  it('a new code supersedes the pending one', async () => {
    const { params, email } = await unverifiedEmail();
    const first = await api.ok('PrepareEmailAddressVerification', { params });
    const firstCode = await lastCodeSentTo(t, email.email_address);
    const second = await api.ok('PrepareEmailAddressVerification', { params });
    expect(second.id).not.toBe(first.id);
    const stale = await api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: first.id, code: firstCode },
    });
    expect(stale.status).toBe('expired');
    expect((await listMessages(t, { to: email.email_address })).total_count).toBe(2);
  });

  it('a verified address stays verified (by the admin) while a code is checked on its own', async () => {
    const user = await api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('verified')], skip_password_requirement: true },
    });
    const params = { email_address_id: user.primary_email_address_id! };
    const prepared = await api.ok('PrepareEmailAddressVerification', { params });
    expect((await api.ok('GetEmailAddress', { params })).verification).toMatchObject({
      strategy: 'admin',
    });
    const code = await lastCodeSentTo(t, user.email_addresses[0]!.email_address);
    const attempted = await api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code },
    });
    expect(attempted.status).toBe('verified');
    expect((await api.ok('GetEmailAddress', { params })).verification).toMatchObject({
      strategy: 'admin',
      status: 'verified',
    });
  });

  it('unknown identifications and verifications, and codes of another address, are 404', async () => {
    const missing = { email_address_id: 'idn_2x0000000000000000000000000' };
    await api.fail(
      'PrepareEmailAddressVerification',
      { params: missing },
      404,
      'resource_not_found',
    );
    await api.fail(
      'AttemptEmailAddressVerification',
      { params: missing, body: { verification_id: 'ver_x', code: '123456' } },
      404,
      'resource_not_found',
    );
    const a = await unverifiedEmail();
    const b = await unverifiedEmail();
    await api.fail(
      'AttemptEmailAddressVerification',
      { params: a.params, body: { verification_id: 'ver_missing', code: '123456' } },
      404,
      'resource_not_found',
    );
    const prepared = await api.ok('PrepareEmailAddressVerification', { params: a.params });
    const code = await lastCodeSentTo(t, a.email.email_address);
    await api.fail(
      'AttemptEmailAddressVerification',
      { params: b.params, body: { verification_id: prepared.id, code } },
      404,
      'resource_not_found',
    );
    await api.fail(
      'AttemptEmailAddressVerification',
      { params: a.params, body: { verification_id: prepared.id } },
      422,
      'form_param_missing',
    );
    await api.fail(
      'AttemptEmailAddressVerification',
      { params: a.params, rawBody: { verification_id: prepared.id, code: 123456 } },
      422,
    );
    // Nothing above counted an attempt.
    const ok = await api.ok('AttemptEmailAddressVerification', {
      params: a.params,
      body: { verification_id: prepared.id, code },
    });
    expect(ok).toMatchObject({ status: 'verified', attempts: 1 });
  });

  it('phone numbers: the code goes by SMS and verifies the number', async () => {
    const user = await api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('sms')], skip_password_requirement: true },
    });
    const phone = await api.ok('CreatePhoneNumber', {
      body: {
        user_id: user.id,
        phone_number: uniquePhone(),
      },
    });
    const params = { phone_number_id: phone.id! };
    const prepared = await api.ok('PreparePhoneNumberVerification', { params });
    expect(prepared).toMatchObject({
      object: 'verification_otp',
      strategy: 'phone_code',
      status: 'unverified',
      attempts: 0,
      channel: 'sms',
    });
    const { data } = await listMessages(t, { to: phone.phone_number, channel: 'sms' });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ channel: 'sms', subject: null, identification_id: phone.id });
    const code = await lastCodeSentTo(t, phone.phone_number);
    expect(
      await api.ok('AttemptPhoneNumberVerification', {
        params,
        body: { verification_id: prepared.id, code: wrong(code) },
      }),
    ).toMatchObject({ status: 'unverified', attempts: 1, channel: 'sms' });
    expect(
      await api.ok('AttemptPhoneNumberVerification', {
        params,
        body: { verification_id: prepared.id, code },
      }),
    ).toMatchObject({ status: 'verified', attempts: 2 });
    const verified = await api.ok('GetPhoneNumber', { params });
    expect(verified.verification).toMatchObject({
      object: 'verification_otp',
      status: 'verified',
      strategy: 'phone_code',
      channel: 'sms',
    });
    // Now verified, it can be a second factor.
    await api.ok('UpdatePhoneNumber', { params, body: { reserved_for_second_factor: true } });
    await api.fail(
      'PreparePhoneNumberVerification',
      { params: { phone_number_id: 'idn_2x0000000000000000000000000' } },
      404,
      'resource_not_found',
    );
    // An email verification is not a phone number's.
    await api.fail(
      'AttemptEmailAddressVerification',
      {
        params: { email_address_id: user.primary_email_address_id! },
        body: { verification_id: prepared.id, code },
      },
      404,
      'resource_not_found',
    );
  });

  it('deleting the address deletes its codes', async () => {
    const { params } = await unverifiedEmail();
    const prepared = await api.ok('PrepareEmailAddressVerification', { params });
    await api.ok('DeleteEmailAddress', { params });
    await api.fail(
      'AttemptEmailAddressVerification',
      { params, body: { verification_id: prepared.id, code: '000000' } },
      404,
      'resource_not_found',
    );
  });
});

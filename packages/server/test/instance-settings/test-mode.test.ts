import { beforeAll, describe, expect, it } from 'vitest';
import { isTestIdentifier } from '../../src/identifications/test-identifiers.js';
import { useProductionInstance } from '../domains/production-instance.js';
import type { Api } from '../helpers/api.js';
import { lastCodeSentTo, listMessages } from '../helpers/messages.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

let n = 0;
const testEmail = () => `tester.${process.pid}.${++n}+clerk_test@example.com`;

describe('Clerk test identifiers', () => {
  it.each([
    ['email', 'jane+clerk_test@example.com', true],
    ['email', 'Jane+CLERK_TEST@example.com', true],
    ['email', 'jane+clerk_test+more@example.com', true],
    ['email', 'jane+clerk_testing@example.com', false],
    ['email', 'jane@clerk_test.example.com', false],
    ['email', 'jane.clerk_test@example.com', false],
    ['phone', '+12015550100', true],
    ['phone', '+19735550199', true],
    ['phone', '+12015550200', false],
    ['phone', '+442015550100', false],
  ] as const)('%s %s is a test identifier: %s', (kind, address, expected) => {
    expect(isTestIdentifier(kind, address)).toBe(expected);
  });
});

describe.each(testDialects())('test mode (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  async function prepareEmail(api: Api, address: string) {
    const user = await api.ok('CreateUser', {
      body: {
        email_address: [`owner.${process.pid}.${++n}@example.com`],
        skip_password_requirement: true,
      },
    });
    const email = await api.ok('CreateEmailAddress', {
      body: { user_id: user.id, email_address: address },
    });
    const params = { email_address_id: email.id! };
    const prepared = await api.ok('PrepareEmailAddressVerification', { params });
    return { params, prepared };
  }

  it('on by default for development: a +clerk_test address verifies with 424242 and gets no email', async () => {
    const address = testEmail();
    const { params, prepared } = await prepareEmail(t.api, address);
    expect((await listMessages(t, { to: address })).data).toEqual([]);
    const verified = await t.api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code: '424242' },
    });
    expect(verified.status).toBe('verified');
  });

  it('a test phone number verifies with 424242 and gets no SMS', async () => {
    const user = await t.api.ok('CreateUser', {
      body: {
        email_address: [`phone.${process.pid}.${++n}@example.com`],
        skip_password_requirement: true,
      },
    });
    const phone = await t.api.ok('CreatePhoneNumber', {
      body: {
        user_id: user.id,
        phone_number: `+1201555${String(100 + (n % 100))
          .slice(-4)
          .padStart(4, '0')}`,
      },
    });
    const params = { phone_number_id: phone.id! };
    const prepared = await t.api.ok('PreparePhoneNumberVerification', { params });
    expect((await listMessages(t, { to: phone.phone_number })).data).toEqual([]);
    const verified = await t.api.ok('AttemptPhoneNumberVerification', {
      params,
      body: { verification_id: prepared.id, code: '424242' },
    });
    expect(verified.status).toBe('verified');
  });

  it('an ordinary address still gets a random code by email', async () => {
    const address = `plain.${process.pid}.${++n}@example.com`;
    await prepareEmail(t.api, address);
    expect((await listMessages(t, { to: address })).data).toHaveLength(1);
  });

  it('with test mode off, a test address gets a real code and 424242 is wrong', async () => {
    const off = await useTestInstance(dialect);
    await off.api.ok('UpdateInstance', { body: { test_mode: false } });
    const address = testEmail();
    const { params, prepared } = await prepareEmail(off.api, address);
    expect((await listMessages(off, { to: address })).data).toHaveLength(1);
    const code = await lastCodeSentTo(off, address);
    const attempt = await off.api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code: code === '424242' ? '424243' : '424242' },
    });
    expect(attempt).toMatchObject({ status: 'unverified', attempts: 1 });
    const right = await off.api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code },
    });
    expect(right.status).toBe('verified');
  });

  it('off by default for production; UpdateInstanceAuthConfig turns it on', async () => {
    const prod = await useProductionInstance(t);
    const first = testEmail();
    await prepareEmail(prod.api, first);
    const asProd = { app: t.app, auth: { authorization: `Bearer ${prod.api.secretKey}` } };
    expect((await listMessages(asProd, { to: first })).data).toHaveLength(1);
    await prod.api.ok('UpdateInstanceAuthConfig', { body: { test_mode: true } });
    const second = testEmail();
    const { params, prepared } = await prepareEmail(prod.api, second);
    expect((await listMessages(asProd, { to: second })).data).toEqual([]);
    const verified = await prod.api.ok('AttemptEmailAddressVerification', {
      params,
      body: { verification_id: prepared.id, code: '424242' },
    });
    expect(verified.status).toBe('verified');
  });
});

describe.each(testDialects())('SMS country blocklist (%s)', (dialect) => {
  it('refuses a code by SMS to a blocked country; test numbers in test mode still pass', async () => {
    const t = await useTestInstance(dialect);
    const user = await t.api.ok('CreateUser', {
      body: {
        email_address: [`sms.${process.pid}.${++n}@example.com`],
        skip_password_requirement: true,
      },
    });
    const add = (phone_number: string) =>
      t.api.ok('CreatePhoneNumber', { body: { user_id: user.id, phone_number } });
    const french = await add('+33612345678');
    const fictional = await add('+12015550142');
    await t.api.ok('UpdateInstanceCommunication', {
      body: { blocked_country_codes: ['FR', 'US'] },
    });
    const errors = await t.api.fail(
      'PreparePhoneNumberVerification',
      { params: { phone_number_id: french.id! } },
      403,
      'sms_country_blocked',
    );
    expect(errors.errors[0]!.long_message).toContain('FR');
    expect((await listMessages(t, { to: '+33612345678' })).data).toEqual([]);
    await t.api.ok('PreparePhoneNumberVerification', {
      params: { phone_number_id: fictional.id! },
    });
    await t.api.ok('UpdateInstanceCommunication', { body: { blocked_country_codes: [] } });
    await t.api.ok('PreparePhoneNumberVerification', { params: { phone_number_id: french.id! } });
    expect((await listMessages(t, { to: '+33612345678' })).data).toHaveLength(1);
  });
});

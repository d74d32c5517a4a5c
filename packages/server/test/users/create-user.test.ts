import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

describe.each(testDialects())('POST /v1/users (%s)', (dialect) => {
  let api: Api;
  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
  });

  const post = (body: Record<string, unknown>) => api.call('CreateUser', { rawBody: body });
  const userCount = async () => (await api.ok('GetUsersCount')).total_count;

  it('creates a user with every field the spec lists', async () => {
    const email = uniqueEmail('Full');
    const user = await api.ok('CreateUser', {
      body: {
        external_id: `ext-${email}`,
        first_name: 'Grace',
        last_name: 'Hopper',
        locale: 'en-US',
        email_address: [email, uniqueEmail('second')],
        email_address_identification_status: ['verified', 'reserved'],
        phone_number: ['+14155552671'],
        web3_wallet: ['0x52908400098527886E0F7030069857D2E4169EE7'],
        username: `grace_${Date.now()}`,
        password: 'a-very-unusual-passphrase-42',
        totp_secret: 'JBSWY3DPEHPK3PXP',
        backup_codes: ['code-one-111', 'code-two-222'],
        public_metadata: { plan: 'pro' },
        private_metadata: { stripe: 'cus_1' },
        unsafe_metadata: { theme: 'dark' },
        delete_self_enabled: false,
        legal_accepted_at: '2024-01-02T03:04:05.000Z',
        create_organization_enabled: false,
        create_organizations_limit: 3,
        created_at: '2023-05-06T07:08:09.000Z',
        bypass_client_trust: true,
        banned: true,
        locked: true,
      },
    });
    expect(user).toMatchObject({
      object: 'user',
      first_name: 'Grace',
      last_name: 'Hopper',
      locale: 'en-US',
      password_enabled: true,
      totp_enabled: true,
      backup_code_enabled: true,
      two_factor_enabled: true,
      public_metadata: { plan: 'pro' },
      private_metadata: { stripe: 'cus_1' },
      unsafe_metadata: { theme: 'dark' },
      delete_self_enabled: false,
      create_organization_enabled: false,
      create_organizations_limit: 3,
      legal_accepted_at: Date.parse('2024-01-02T03:04:05.000Z'),
      created_at: Date.parse('2023-05-06T07:08:09.000Z'),
      bypass_client_trust: true,
      banned: true,
      locked: true,
    });
    expect(user.id).toMatch(/^user_[0-9A-Za-z]{27}$/);
    expect(user.email_addresses).toHaveLength(2);
    expect(user.email_addresses[0]).toMatchObject({
      email_address: email,
      reserved: false,
      verification: { status: 'verified', strategy: 'admin' },
      linked_to: [],
    });
    expect(user.email_addresses[1]).toMatchObject({ reserved: true, verification: null });
    expect(user.primary_email_address_id).toBe(user.email_addresses[0]!.id);
    expect(user.primary_phone_number_id).toBe(user.phone_numbers[0]!.id);
    expect(user.primary_web3_wallet_id).toBe(user.web3_wallets[0]!.id);
    expect(user.phone_numbers[0]!.phone_number).toBe('+14155552671');
    expect(user.mfa_enabled_at).toEqual(expect.any(Number));
  });

  it('stores a password digest as given', async () => {
    const digest = '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
    const user = await createTestUser(api, {
      password: undefined,
      password_digest: digest,
      password_hasher: 'bcrypt',
    });
    expect(user.password_enabled).toBe(true);
  });

  it('creates without a password when skip_password_requirement is set', async () => {
    const user = await createTestUser(api, {
      password: undefined,
      skip_password_requirement: true,
    });
    expect(user.password_enabled).toBe(false);
  });

  it('when the password is missing, returns 422 form_param_missing', async () => {
    const body = await api.fail('CreateUser', { body: { email_address: [uniqueEmail()] } }, 422);
    expect(body.errors[0]).toMatchObject({
      code: 'form_param_missing',
      meta: { param_name: 'password' },
    });
  });

  it('when the password is breached, returns 422 form_password_pwned', async () => {
    await api.fail(
      'CreateUser',
      { body: { email_address: [uniqueEmail()], password: 'password123' } },
      422,
      'form_password_pwned',
    );
  });

  it('skip_password_checks lets a breached password through', async () => {
    const user = await createTestUser(api, {
      password: 'password123',
      skip_password_checks: true,
    });
    expect(user.password_enabled).toBe(true);
  });

  it('when the password is too short, returns 422', async () => {
    await api.fail(
      'CreateUser',
      { body: { email_address: [uniqueEmail()], password: 'short' } },
      422,
      'form_password_length_too_short',
    );
  });

  it('when no identifier is given, returns 422 form_data_missing', async () => {
    await api.fail(
      'CreateUser',
      { body: { password: 'a-very-unusual-passphrase-42' } },
      422,
      'form_data_missing',
    );
  });

  it('when the email is taken (in any case), returns 422 form_identifier_exists', async () => {
    const email = uniqueEmail('taken');
    await createTestUser(api, { email_address: [email] });
    const body = await api.fail(
      'CreateUser',
      { body: { email_address: [email.toUpperCase()], password: 'a-very-unusual-passphrase-42' } },
      422,
    );
    expect(body.errors[0]).toMatchObject({
      code: 'form_identifier_exists',
      meta: { param_name: 'email_address' },
    });
  });

  it('when the username or external ID is taken, returns 422 form_identifier_exists', async () => {
    const username = `taken_${Date.now()}`;
    await createTestUser(api, { username, external_id: `ext-${username}` });
    for (const field of [
      { username: username.toUpperCase() },
      { external_id: `ext-${username}` },
    ]) {
      const body = await api.fail(
        'CreateUser',
        {
          body: {
            email_address: [uniqueEmail()],
            password: 'a-very-unusual-passphrase-42',
            ...field,
          },
        },
        422,
      );
      expect(body.errors[0]).toMatchObject({
        code: 'form_identifier_exists',
        meta: { param_name: Object.keys(field)[0] },
      });
    }
  });

  it('when 20 requests create the same email at once, exactly one succeeds', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post({ email_address: [email], password: 'a-very-unusual-passphrase-42' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(19);
    for (const r of results.filter((r) => r.status === 422)) {
      expect(r.body.errors[0].code).toBe('form_identifier_exists');
    }
    expect(await api.ok('GetUserList', { query: { email_address: [email] } })).toHaveLength(1);
  });

  it('when a field has the wrong type, returns 422 form_param_format_invalid', async () => {
    const res = await post({
      email_address: [uniqueEmail()],
      password: 'a-very-unusual-passphrase-42',
      first_name: 42,
    });
    const body = res.body;
    expect(res.status).toBe(422);
    expect(body.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'first_name' },
    });
  });

  it('when a field is unknown, returns 422 form_param_unknown', async () => {
    const res = await post({
      email_address: [uniqueEmail()],
      password: 'a-very-unusual-passphrase-42',
      nickname: 'x',
    });
    const body = res.body;
    expect(res.status).toBe(422);
    expect(body.errors[0]).toMatchObject({
      code: 'form_param_unknown',
      meta: { param_name: 'nickname' },
    });
  });

  it('when an email or phone is malformed, returns 422 and writes nothing', async () => {
    for (const payload of [
      { email_address: ['not-an-email'] },
      { email_address: [uniqueEmail()], phone_number: ['12'] },
      { email_address: [uniqueEmail()], web3_wallet: ['0x123'] },
      { email_address: [uniqueEmail()], created_at: 'yesterday' },
    ]) {
      const before = await userCount();
      const res = await post({ password: 'a-very-unusual-passphrase-42', ...payload });
      expect(res.status, JSON.stringify(payload)).toBe(422);
      expect(res.body.errors[0].code).toBe('form_param_format_invalid');
      expect(await userCount()).toBe(before);
    }
  });

  it('when the JSON is malformed, returns 400', async () => {
    await api.fail('CreateUser', { rawBody: '{"email_address": [' }, 400, 'malformed_request_body');
  });

  it('when identification statuses do not match the emails, returns 422', async () => {
    const body = await api.fail(
      'CreateUser',
      {
        body: {
          email_address: [uniqueEmail(), uniqueEmail()],
          email_address_identification_status: ['reserved'],
          password: 'a-very-unusual-passphrase-42',
        },
      },
      422,
      'form_param_value_invalid',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'email_address_identification_status' });
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InstanceConfig } from '../../src/instances/instance-config.js';
import { configureInstance } from '../../src/instances/instance-config-apply.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const PASSWORD = 'Correct-horse-battery-9';

/** Today's behaviour, set explicitly so each test starts from it. */
const DEFAULTS: InstanceConfig = {
  identifiers: {
    email_address: 'optional',
    phone_number: 'optional',
    username: 'optional',
    web3_wallet: 'optional',
  },
  password_settings: {
    required: true,
    min_length: 8,
    max_length: 72,
    require_uppercase: false,
    require_lowercase: false,
    require_numbers: false,
    require_special_char: false,
    disable_hibp: false,
  },
};

describe.each(testDialects())('configured identifier and password rules (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  let n = 0;
  const email = () => `rules.${(n += 1)}@example.com`;
  const configure = (config: InstanceConfig) => configureInstance(t.database, t.instanceId, config);
  const userCount = async () => (await api.ok('GetUsersCount')).total_count;

  /** CreateUser refused with `code` on `param`, and no user stored. */
  async function refused(body: Record<string, unknown>, code: string, param?: string) {
    const before = await userCount();
    const error = (await api.fail('CreateUser', { body }, 422, code)).errors[0]!;
    if (param) expect(error.meta?.param_name).toBe(param);
    expect(await userCount()).toBe(before);
    return error;
  }

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });
  beforeEach(async () => {
    await configure(DEFAULTS);
  });

  it('a required identifier must be given, unless skip_user_requirement', async () => {
    await configure({ identifiers: { email_address: 'required' } });
    await refused(
      { username: `user${n++}`, password: PASSWORD },
      'form_param_missing',
      'email_address',
    );
    await api.ok('CreateUser', { body: { email_address: [email()], password: PASSWORD } });
    await api.ok('CreateUser', {
      body: { username: `user${n++}`, password: PASSWORD, skip_user_requirement: true },
    });
    await configure({ identifiers: { email_address: 'optional', phone_number: 'required' } });
    await refused(
      { email_address: [email()], password: PASSWORD },
      'form_param_missing',
      'phone_number',
    );
  });

  it('CreateEmailAddress and CreatePhoneNumber refuse an identifier the instance has off', async () => {
    const user = await api.ok('CreateUser', {
      body: { email_address: [email()], password: PASSWORD },
    });
    await configure({ identifiers: { email_address: 'optional', phone_number: 'off' } });
    await api.fail(
      'CreatePhoneNumber',
      { body: { user_id: user.id, phone_number: '+14155552671' } },
      422,
      'form_param_unknown',
    );
    // A number kept only for the second factor is not an identifier: still allowed.
    await api.ok('CreatePhoneNumber', {
      body: {
        user_id: user.id,
        phone_number: '+14155552672',
        verified: true,
        reserved_for_second_factor: true,
      },
    });
    await configure({ identifiers: { email_address: 'off', username: 'optional' } });
    await api.fail(
      'CreateEmailAddress',
      { body: { user_id: user.id, email_address: email() } },
      422,
      'form_param_unknown',
    );
    const after = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.email_addresses).toHaveLength(1);
    expect(after.phone_numbers.map((p) => p.phone_number)).toEqual(['+14155552672']);
  });

  it('an identifier the instance has off is refused, even with skip_user_requirement', async () => {
    await configure({ identifiers: { phone_number: 'off', web3_wallet: 'off' } });
    const error = await refused(
      { email_address: [email()], phone_number: ['+14155552671'], password: PASSWORD },
      'form_param_unknown',
      'phone_number',
    );
    expect(error.long_message).toBe(
      'phone_number is not a valid parameter for this request: the instance has it off.',
    );
    await refused(
      {
        web3_wallet: ['0x52908400098527886E0F7030069857D2E4169EE7'],
        skip_user_requirement: true,
        password: PASSWORD,
      },
      'form_param_unknown',
      'web3_wallet',
    );
    // With no identifier at all the old rule still holds.
    await refused({ password: PASSWORD }, 'form_data_missing');
  });

  it('UpdateUser cannot set a username the instance has off, nor remove a required one', async () => {
    const user = await api.ok('CreateUser', {
      body: { email_address: [email()], username: `keeper${n++}`, password: PASSWORD },
    });
    await configure({ identifiers: { username: 'required' } });
    for (const username of [null, ''])
      await api.fail(
        'UpdateUser',
        { params: { user_id: user.id }, body: { username } },
        422,
        'form_param_missing',
      );
    expect((await api.ok('GetUser', { params: { user_id: user.id } })).username).toBe(
      user.username,
    );
    await configure({ identifiers: { username: 'off' } });
    await api.fail(
      'UpdateUser',
      { params: { user_id: user.id }, body: { username: 'another' } },
      422,
      'form_param_unknown',
    );
    // Removing it is what "off" asks for.
    const updated = await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { username: null },
    });
    expect(updated.username).toBeNull();
  });

  it('min_length and max_length, with the configured length in the message', async () => {
    await configure({ password_settings: { min_length: 12, max_length: 16 } });
    const short = await refused(
      { email_address: [email()], password: 'Abcdefgh-10' },
      'form_password_length_too_short',
      'password',
    );
    expect(short.long_message).toBe('Passwords must be 12 characters or more.');
    const long = await refused(
      { email_address: [email()], password: 'Abcdefgh-1234567' + 'x' },
      'form_password_length_too_long',
      'password',
    );
    expect(long.long_message).toBe('Passwords must be 16 characters or less.');
    await api.ok('CreateUser', { body: { email_address: [email()], password: 'Abcdefgh-123' } });
    // skip_password_checks skips the policy (migrations), never bcrypt's 72 bytes.
    await api.ok('CreateUser', {
      body: { email_address: [email()], password: 'abc', skip_password_checks: true },
    });
  });

  it('character classes: upper, lower, number, special', async () => {
    await configure({
      password_settings: {
        require_uppercase: true,
        require_lowercase: true,
        require_numbers: true,
        require_special_char: true,
      },
    });
    const cases: [string, string][] = [
      ['lowercase-only-9', 'form_password_no_uppercase'],
      ['UPPERCASE-ONLY-9', 'form_password_no_lowercase'],
      ['No-Digits-Here', 'form_password_no_number'],
      ['NoSpecials1234', 'form_password_no_special_char'],
    ];
    for (const [password, code] of cases)
      await refused({ email_address: [email()], password }, code, 'password');
    await api.ok('CreateUser', { body: { email_address: [email()], password: 'Ünïcode-Päss-9' } });
  });

  it('UpdateUser applies the same password rules', async () => {
    const user = await api.ok('CreateUser', {
      body: { email_address: [email()], password: PASSWORD },
    });
    await configure({ password_settings: { min_length: 20 } });
    const body = await api.fail(
      'UpdateUser',
      { params: { user_id: user.id }, body: { password: 'Short-but-ok-9' } },
      422,
      'form_password_length_too_short',
    );
    expect(body.errors[0]!.long_message).toBe('Passwords must be 20 characters or more.');
    await api.ok('UpdateUser', {
      params: { user_id: user.id },
      body: { password: 'Long-enough-password-9' },
    });
  });

  it('disable_hibp accepts a breached password; required: false makes the password optional', async () => {
    await refused({ email_address: [email()], password: 'password' }, 'form_password_pwned');
    await configure({ password_settings: { disable_hibp: true, required: false } });
    await api.ok('CreateUser', { body: { email_address: [email()], password: 'password' } });
    const user = await api.ok('CreateUser', { body: { email_address: [email()] } });
    expect(user.password_enabled).toBe(false);
    await configure({ password_settings: { required: true } });
    await refused({ email_address: [email()] }, 'form_param_missing', 'password');
  });
});

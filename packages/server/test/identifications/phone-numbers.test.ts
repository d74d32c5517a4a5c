import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { uniquePhone } from '../helpers/phones.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

const MISSING = 'idn_2x0000000000000000000000000';
describe.each(testDialects())('phone numbers (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  const newUser = (body: Record<string, unknown> = {}) =>
    api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('phone')], skip_password_requirement: true, ...body },
    });
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  it('creates an unverified number in E.164; the first one becomes primary', async () => {
    const user = await newUser();
    const number = uniquePhone();
    const spaced = `${number.slice(0, 2)} (${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`;
    const created = await api.ok('CreatePhoneNumber', {
      body: { user_id: user.id, phone_number: spaced },
    });
    expect(created).toMatchObject({
      object: 'phone_number',
      phone_number: number,
      verification: null,
      reserved: false,
      reserved_for_second_factor: false,
      default_second_factor: false,
      linked_to: [],
    });
    expect(await api.ok('GetPhoneNumber', { params: { phone_number_id: created.id! } })).toEqual(
      created,
    );
    const after = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.primary_phone_number_id).toBe(created.id);
    const listed = await api.ok('GetUserList', { query: { phone_number: number } });
    expect(listed.map((u) => u.id)).toEqual([user.id]);
  });

  it('reserved for second factor: needs verified, becomes the default, turns 2FA on', async () => {
    const user = await newUser();
    await api.fail(
      'CreatePhoneNumber',
      { body: { user_id: user.id, phone_number: uniquePhone(), reserved_for_second_factor: true } },
      422,
      'form_param_value_invalid',
    );
    const first = await api.ok('CreatePhoneNumber', {
      body: {
        user_id: user.id,
        phone_number: uniquePhone(),
        verified: true,
        reserved_for_second_factor: true,
      },
    });
    expect(first).toMatchObject({ reserved_for_second_factor: true, default_second_factor: true });
    const enabled = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(enabled).toMatchObject({ two_factor_enabled: true, mfa_disabled_at: null });
    expect(enabled.mfa_enabled_at).toBe(enabled.updated_at);
    const second = await api.ok('CreatePhoneNumber', {
      body: { user_id: user.id, phone_number: uniquePhone(), verified: true },
    });
    const reserved = await api.ok('UpdatePhoneNumber', {
      params: { phone_number_id: second.id! },
      body: { reserved_for_second_factor: true },
    });
    expect(reserved).toMatchObject({
      reserved_for_second_factor: true,
      default_second_factor: false,
    });
    expect((await api.ok('GetUser', { params: { user_id: user.id } })).two_factor_enabled).toBe(
      true,
    );

    // Giving up the default moves it to the other reserved number.
    const released = await api.ok('UpdatePhoneNumber', {
      params: { phone_number_id: first.id! },
      body: { reserved_for_second_factor: false },
    });
    expect(released).toMatchObject({
      reserved_for_second_factor: false,
      default_second_factor: false,
    });
    expect(
      await api.ok('GetPhoneNumber', { params: { phone_number_id: second.id! } }),
    ).toMatchObject({
      default_second_factor: true,
    });
    // A reserved number cannot be unverified.
    await api.fail(
      'UpdatePhoneNumber',
      { params: { phone_number_id: second.id! }, body: { verified: false } },
      422,
      'form_param_value_invalid',
    );
    await api.ok('DeletePhoneNumber', { params: { phone_number_id: second.id! } });
    const disabled = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(disabled.two_factor_enabled).toBe(false);
    expect(disabled.mfa_disabled_at).toBe(disabled.updated_at);
    expect(disabled.mfa_enabled_at).toBe(enabled.mfa_enabled_at);
  });

  it('updates verified and primary; refuses to unset the primary', async () => {
    const user = await newUser();
    const first = await api.ok('CreatePhoneNumber', {
      body: { user_id: user.id, phone_number: uniquePhone(), verified: true },
    });
    const second = await api.ok('CreatePhoneNumber', {
      body: { user_id: user.id, phone_number: uniquePhone() },
    });
    const params = { phone_number_id: second.id! };
    await api.fail(
      'UpdatePhoneNumber',
      { params, body: { primary: true } },
      422,
      'form_param_value_invalid',
    );
    const updated = await api.ok('UpdatePhoneNumber', {
      params,
      body: { verified: true, primary: true },
    });
    expect(updated.verification).toMatchObject({ status: 'verified', strategy: 'admin' });
    expect(
      (await api.ok('GetUser', { params: { user_id: user.id } })).primary_phone_number_id,
    ).toBe(second.id);
    await api.fail(
      'UpdatePhoneNumber',
      { params, body: { primary: false } },
      422,
      'form_param_value_invalid',
    );
    const notPrimary = await api.ok('UpdatePhoneNumber', {
      params: { phone_number_id: first.id! },
      body: { primary: false },
    });
    expect(notPrimary.id).toBe(first.id);
  });

  it('deletes; the primary falls to the oldest remaining number', async () => {
    const user = await newUser();
    const first = await api.ok('CreatePhoneNumber', {
      body: { user_id: user.id, phone_number: uniquePhone(), verified: true },
    });
    const second = await api.ok('CreatePhoneNumber', {
      body: { user_id: user.id, phone_number: uniquePhone(), verified: true },
    });
    expect(await api.ok('DeletePhoneNumber', { params: { phone_number_id: first.id! } })).toEqual({
      object: 'phone_number',
      id: first.id,
      deleted: true,
    });
    const after = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.phone_numbers.map((p) => p.id)).toEqual([second.id]);
    expect(after.primary_phone_number_id).toBe(second.id);
  });

  it('replaces every number with one primary that is never a second factor', async () => {
    const user = await newUser();
    await api.ok('CreatePhoneNumber', {
      body: {
        user_id: user.id,
        phone_number: uniquePhone(),
        verified: true,
        reserved_for_second_factor: true,
      },
    });
    const number = uniquePhone();
    const replaced = await api.ok('ReplaceUserPhoneNumber', {
      params: { user_id: user.id },
      body: { phone_number: number },
    });
    expect(replaced).toMatchObject({
      phone_number: number,
      reserved_for_second_factor: false,
      verification: { status: 'verified', strategy: 'admin' },
    });
    const after = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.phone_numbers.map((p) => p.id)).toEqual([replaced.id]);
    expect(after.primary_phone_number_id).toBe(replaced.id);
    expect(after.two_factor_enabled).toBe(false);
    const same = await api.ok('ReplaceUserPhoneNumber', {
      params: { user_id: user.id },
      body: { phone_number: number, identification_status: 'reserved' },
    });
    expect(same).toMatchObject({ id: replaced.id, reserved: true, verification: null });
  });

  it('refuses unknown IDs (404), invalid, taken and missing numbers (422)', async () => {
    await api.fail(
      'GetPhoneNumber',
      { params: { phone_number_id: MISSING } },
      404,
      'resource_not_found',
    );
    await api.fail(
      'UpdatePhoneNumber',
      { params: { phone_number_id: MISSING }, body: { verified: true } },
      404,
      'resource_not_found',
    );
    await api.fail(
      'DeletePhoneNumber',
      { params: { phone_number_id: MISSING } },
      404,
      'resource_not_found',
    );
    await api.fail(
      'CreatePhoneNumber',
      { body: { user_id: 'user_missing', phone_number: uniquePhone() } },
      404,
      'resource_not_found',
    );
    await api.fail(
      'ReplaceUserPhoneNumber',
      { params: { user_id: 'user_missing' }, body: { phone_number: uniquePhone() } },
      404,
      'resource_not_found',
    );
    const user = await newUser();
    const other = await newUser({ phone_number: [uniquePhone()] });
    for (const bad of ['12025550123', '+1 555', 'phone']) {
      await api.fail(
        'CreatePhoneNumber',
        { body: { user_id: user.id, phone_number: bad } },
        422,
        'form_param_format_invalid',
      );
    }
    await api.fail(
      'CreatePhoneNumber',
      { body: { user_id: user.id, phone_number: other.phone_numbers[0]!.phone_number } },
      422,
      'form_identifier_exists',
    );
    await api.fail(
      'ReplaceUserPhoneNumber',
      {
        params: { user_id: user.id },
        body: { phone_number: other.phone_numbers[0]!.phone_number },
      },
      422,
      'form_identifier_exists',
    );
    await api.fail('CreatePhoneNumber', { body: { user_id: user.id } }, 422, 'form_param_missing');
    const after = await api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.phone_numbers).toEqual([]);
  });
});

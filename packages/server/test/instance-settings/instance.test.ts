import { beforeAll, describe, expect, it } from 'vitest';
import { readSettingsSections } from '../../src/instances/instance-settings-service.js';
import { useProductionInstance } from '../domains/production-instance.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('GET/PATCH /v1/instance (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });
  const stored = async () => (await readSettingsSections(t.database.db, t.instanceId)).instance;

  it('answers the instance with no allowed origins before any were set', async () => {
    expect(await t.api.ok('GetInstance')).toEqual({
      object: 'instance',
      id: t.instanceId,
      environment_type: 'development',
      allowed_origins: null,
      workspace_id: null,
    });
  });

  it('answers the environment of a production instance', async () => {
    const prod = await useProductionInstance(t);
    const instance = await prod.api.ok('GetInstance');
    expect(instance).toMatchObject({ id: prod.instanceId, environment_type: 'production' });
  });

  it('stores every setting sent, answers 204, and GetInstance shows the origins', async () => {
    const response = await t.api.call('UpdateInstance', {
      body: {
        test_mode: false,
        hibp: false,
        support_email: ' help@example.com ',
        clerk_js_version: '5.2.1',
        development_origin: 'http://localhost:3000',
        allowed_origins: ['chrome-extension://abcdefghijklmnop', 'https://App.example.com:443'],
        url_based_session_syncing: true,
        preferred_sign_in_strategy_when_password_required: 'otp',
      },
    });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(await stored()).toEqual({
      test_mode: false,
      hibp: false,
      support_email: 'help@example.com',
      clerk_js_version: '5.2.1',
      development_origin: 'http://localhost:3000',
      allowed_origins: ['chrome-extension://abcdefghijklmnop', 'https://app.example.com'],
      url_based_session_syncing: true,
      preferred_sign_in_strategy_when_password_required: 'otp',
    });
    expect((await t.api.ok('GetInstance')).allowed_origins).toEqual([
      'chrome-extension://abcdefghijklmnop',
      'https://app.example.com',
    ]);
  });

  it('keeps what is absent or null; null or empty clears a string; [] clears the origins', async () => {
    await t.api.ok('UpdateInstance', { body: { hibp: null, test_mode: null } });
    expect(await stored()).toMatchObject({ hibp: false, test_mode: false });
    await t.api.ok('UpdateInstance', {
      body: {
        support_email: null,
        clerk_js_version: '',
        allowed_origins: [],
        preferred_sign_in_strategy_when_password_required: '',
      },
    });
    expect(await stored()).toMatchObject({
      support_email: null,
      clerk_js_version: null,
      allowed_origins: null,
      development_origin: 'http://localhost:3000',
      preferred_sign_in_strategy_when_password_required: 'password',
    });
    expect((await t.api.ok('GetInstance')).allowed_origins).toBeNull();
  });

  it('takes cookieless_dev as the old name of url_based_session_syncing', async () => {
    await t.api.ok('UpdateInstance', { body: { cookieless_dev: false } });
    expect((await stored()).url_based_session_syncing).toBe(false);
    await t.api.ok('UpdateInstance', {
      body: { cookieless_dev: true, url_based_session_syncing: true },
    });
    expect((await stored()).url_based_session_syncing).toBe(true);
    await t.api.fail(
      'UpdateInstance',
      { body: { cookieless_dev: false, url_based_session_syncing: true } },
      422,
      'form_param_not_allowed',
    );
    expect((await stored()).url_based_session_syncing).toBe(true);
  });

  it.each([
    [
      { allowed_origins: ['https://example.com/path'] },
      'allowed_origins',
      'form_param_format_invalid',
    ],
    [{ allowed_origins: ['example.com'] }, 'allowed_origins', 'form_param_format_invalid'],
    [
      { allowed_origins: ['https://example.com?x=1'] },
      'allowed_origins',
      'form_param_format_invalid',
    ],
    [
      { allowed_origins: ['https://user:pw@example.com'] },
      'allowed_origins',
      'form_param_format_invalid',
    ],
    [
      { allowed_origins: ['https://a.example', 'https://A.example'] },
      'allowed_origins',
      'form_param_value_invalid',
    ],
    [
      { allowed_origins: Array.from({ length: 101 }, (_, i) => `https://a${i}.example`) },
      'allowed_origins',
      'form_param_exceeds_allowed_size',
    ],
    [
      { development_origin: 'capacitor://localhost' },
      'development_origin',
      'form_param_format_invalid',
    ],
    [
      { development_origin: 'http://localhost:3000/app' },
      'development_origin',
      'form_param_format_invalid',
    ],
    [{ support_email: 'not-an-email' }, 'support_email', 'form_param_format_invalid'],
    [{ clerk_js_version: '5.2.1; rm' }, 'clerk_js_version', 'form_param_format_invalid'],
    [
      { clerk_js_version: 'https://evil.example/clerk.js' },
      'clerk_js_version',
      'form_param_format_invalid',
    ],
  ])('refuses %j with 422 and changes nothing', async (body, param, code) => {
    const before = await stored();
    const errors = await t.api.fail('UpdateInstance', { body }, 422, code);
    expect(errors.errors[0]?.meta?.param_name).toBe(param);
    expect(await stored()).toEqual(before);
  });

  it('refuses unknown fields and wrong types through the contract', async () => {
    await t.api.fail(
      'UpdateInstance',
      { body: { nope: true } as never },
      422,
      'form_param_unknown',
    );
    await t.api.fail('UpdateInstance', { body: { hibp: 'yes' } as never }, 422);
    await t.api.fail(
      'UpdateInstance',
      { body: { preferred_sign_in_strategy_when_password_required: 'sms' } as never },
      422,
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { readSettingsSections } from '../../src/instances/instance-settings-service.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('PATCH /v1/beta_features/instance_settings (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('answers the defaults when nothing is sent', async () => {
    expect(await t.api.ok('UpdateInstanceAuthConfig', { body: {} })).toEqual({
      object: 'instance_settings',
      id: t.instanceId,
      restricted_to_allowlist: false,
      from_email_address: 'notifications',
      progressive_sign_up: false,
      enhanced_email_deliverability: false,
    });
  });

  it('restricted_to_allowlist is the restrictions’ allowlist, test_mode the instance’s', async () => {
    const answer = await t.api.ok('UpdateInstanceAuthConfig', {
      body: {
        restricted_to_allowlist: true,
        test_mode: false,
        from_email_address: 'hello',
        progressive_sign_up: true,
      },
    });
    expect(answer).toMatchObject({
      restricted_to_allowlist: true,
      from_email_address: 'hello',
      progressive_sign_up: true,
    });
    const restrictions = await t.api.ok('UpdateInstanceRestrictions', { body: {} });
    expect(restrictions.allowlist).toBe(true);
    expect((await readSettingsSections(t.database.db, t.instanceId)).instance.test_mode).toBe(
      false,
    );

    await t.api.ok('UpdateInstanceRestrictions', { body: { allowlist: false } });
    const after = await t.api.ok('UpdateInstanceAuthConfig', {
      body: { restricted_to_allowlist: null },
    });
    expect(after).toMatchObject({ restricted_to_allowlist: false, from_email_address: 'hello' });
  });

  it('patching another field leaves the allowlist as it is (the spec default is not a value sent)', async () => {
    await t.api.ok('UpdateInstanceRestrictions', { body: { allowlist: true } });
    const answer = await t.api.ok('UpdateInstanceAuthConfig', {
      body: { progressive_sign_up: true },
    });
    expect(answer).toMatchObject({ restricted_to_allowlist: true, progressive_sign_up: true });
    expect((await t.api.ok('UpdateInstanceRestrictions', { body: {} })).allowlist).toBe(true);
    await t.api.ok('UpdateInstanceAuthConfig', { body: { restricted_to_allowlist: false } });
    expect((await t.api.ok('UpdateInstanceRestrictions', { body: {} })).allowlist).toBe(false);
  });

  it.each(['no-reply', 'a@b', 'x'.repeat(65), ''])(
    'refuses from_email_address %j and writes nothing',
    async (from) => {
      await t.api.fail(
        'UpdateInstanceAuthConfig',
        { body: { from_email_address: from, restricted_to_allowlist: true, test_mode: true } },
        422,
        'form_param_format_invalid',
      );
      const restrictions = await t.api.ok('UpdateInstanceRestrictions', { body: {} });
      expect(restrictions.allowlist).toBe(false);
      expect((await readSettingsSections(t.database.db, t.instanceId)).instance.test_mode).toBe(
        false,
      );
    },
  );
});

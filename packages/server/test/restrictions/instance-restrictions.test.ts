import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const ALL_OFF = {
  object: 'instance_restrictions',
  allowlist: false,
  blocklist: false,
  allowlist_blocklist_disabled_on_sign_in: false,
  block_email_subaddresses: false,
  block_disposable_email_domains: false,
};

describe.each(testDialects())('PATCH /v1/instance/restrictions (%s)', (dialect) => {
  let api: Api;
  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
  });

  it('answers every restriction off for an instance that never set one', async () => {
    expect(await api.ok('UpdateInstanceRestrictions', { body: {} })).toEqual(ALL_OFF);
    expect(await api.ok('UpdateInstanceRestrictions')).toEqual(ALL_OFF);
  });

  it('applies the settings sent and keeps the others; null changes nothing', async () => {
    const first = await api.ok('UpdateInstanceRestrictions', {
      body: { allowlist: true, block_email_subaddresses: true },
    });
    expect(first).toEqual({ ...ALL_OFF, allowlist: true, block_email_subaddresses: true });
    const second = await api.ok('UpdateInstanceRestrictions', {
      body: { allowlist: null, blocklist: true, block_email_subaddresses: false },
    });
    expect(second).toEqual({ ...ALL_OFF, allowlist: true, blocklist: true });
    const everything = await api.ok('UpdateInstanceRestrictions', {
      body: {
        allowlist: true,
        blocklist: true,
        allowlist_blocklist_disabled_on_sign_in: true,
        block_email_subaddresses: true,
        block_disposable_email_domains: true,
      },
    });
    expect(Object.values(everything).filter((v) => v === true)).toHaveLength(5);
    expect(await api.ok('UpdateInstanceRestrictions', { body: {} })).toEqual(everything);
    const off = await api.ok('UpdateInstanceRestrictions', {
      body: {
        allowlist: false,
        blocklist: false,
        allowlist_blocklist_disabled_on_sign_in: false,
        block_email_subaddresses: false,
        block_disposable_email_domains: false,
      },
    });
    expect(off).toEqual(ALL_OFF);
  });

  it('keeps both of two concurrent changes to different settings', async () => {
    const fresh = await useTestInstance(dialect);
    const settings = [
      'allowlist',
      'blocklist',
      'block_email_subaddresses',
      'block_disposable_email_domains',
    ] as const;
    await Promise.all(
      settings.map((key) => fresh.api.ok('UpdateInstanceRestrictions', { body: { [key]: true } })),
    );
    const after = await fresh.api.ok('UpdateInstanceRestrictions', { body: {} });
    expect(after).toEqual({
      ...ALL_OFF,
      allowlist: true,
      blocklist: true,
      block_email_subaddresses: true,
      block_disposable_email_domains: true,
    });
  });

  it('keeps each instance’s settings apart', async () => {
    await api.ok('UpdateInstanceRestrictions', { body: { blocklist: true } });
    const other = await useTestInstance(dialect);
    expect(await other.api.ok('UpdateInstanceRestrictions', { body: {} })).toEqual(ALL_OFF);
  });

  it('refuses a setting that is not a boolean, or an unknown one, and changes nothing', async () => {
    const before = await api.ok('UpdateInstanceRestrictions', { body: {} });
    await api.fail(
      'UpdateInstanceRestrictions',
      { rawBody: { allowlist: 'yes', blocklist: !before.blocklist } },
      422,
      'form_param_format_invalid',
    );
    await api.fail(
      'UpdateInstanceRestrictions',
      { rawBody: { allowlist: true, restricted_to_allowlist: true } },
      422,
      'form_param_unknown',
    );
    await api.fail('UpdateInstanceRestrictions', { rawBody: '[true]' }, 422);
    expect(await api.ok('UpdateInstanceRestrictions', { body: {} })).toEqual(before);
  });
});

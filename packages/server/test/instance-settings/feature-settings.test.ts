import { beforeAll, describe, expect, it } from 'vitest';
import { readOrganizationSettings } from '../../src/instances/instance-settings-service.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const ORG_DEFAULTS = {
  object: 'organization_settings',
  enabled: false,
  max_allowed_memberships: 5,
  max_allowed_roles: 10,
  max_allowed_domains: 10,
  creator_role: 'org:admin',
  admin_delete_enabled: true,
  domains_enabled: false,
  slug_disabled: false,
  domains_enrollment_modes: [],
  domains_default_role: 'org:member',
  initial_role_set_key: 'role_set:default',
};

const OAUTH_DEFAULTS = {
  object: 'oauth_application_settings',
  dynamic_oauth_client_registration: false,
  default_scopes: ['email', 'profile'],
  oauth_jwt_access_tokens: false,
  client_id_metadata_documents_advertised: false,
  client_id_metadata_documents_only_allow_pre_registered_clients: false,
  client_id_metadata_documents_block_implicitly_allowed_clients: false,
};

describe.each(testDialects())('instance feature settings (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  describe('protect', () => {
    it('answers everything off, then what was set; null keeps', async () => {
      const off = {
        object: 'instance_protect',
        rules_enabled: false,
        specter_enabled: false,
        checks_bypassed: false,
      };
      expect(await t.api.ok('GetInstanceProtect')).toEqual(off);
      expect(await t.api.ok('UpdateInstanceProtect', { body: { rules_enabled: true } })).toEqual({
        ...off,
        rules_enabled: true,
      });
      expect(
        await t.api.ok('UpdateInstanceProtect', {
          body: { rules_enabled: null, specter_enabled: true },
        }),
      ).toEqual({ ...off, rules_enabled: true, specter_enabled: true });
      expect(await t.api.ok('GetInstanceProtect')).toEqual({
        ...off,
        rules_enabled: true,
        specter_enabled: true,
      });
      await t.api.fail(
        'UpdateInstanceProtect',
        { body: { checks_bypassed: true } as never },
        422,
        'form_param_unknown',
      );
    });
  });

  describe('communication', () => {
    it('replaces the SMS blocklist, dropping codes of no numbering plan; null or absent keep it', async () => {
      expect(await t.api.ok('GetInstanceCommunication')).toEqual({
        object: 'instance_communication',
        blocked_country_codes: [],
      });
      const set = await t.api.ok('UpdateInstanceCommunication', {
        body: { blocked_country_codes: ['RU', 'GB', 'ZZ', 'XK'] },
      });
      expect(set.blocked_country_codes).toEqual(['GB', 'RU', 'XK']);
      await t.api.ok('UpdateInstanceCommunication', { body: { blocked_country_codes: null } });
      await t.api.ok('UpdateInstanceCommunication', { body: {} });
      expect((await t.api.ok('GetInstanceCommunication')).blocked_country_codes).toEqual([
        'GB',
        'RU',
        'XK',
      ]);
      await t.api.ok('UpdateInstanceCommunication', { body: { blocked_country_codes: [] } });
      expect((await t.api.ok('GetInstanceCommunication')).blocked_country_codes).toEqual([]);
    });

    it('refuses lowercase, repeated or too many codes (the contract) and keeps the list', async () => {
      await t.api.ok('UpdateInstanceCommunication', { body: { blocked_country_codes: ['FR'] } });
      await t.api.fail(
        'UpdateInstanceCommunication',
        { body: { blocked_country_codes: ['fr'] } },
        422,
      );
      await t.api.fail(
        'UpdateInstanceCommunication',
        { body: { blocked_country_codes: ['FR', 'FR'] } },
        422,
      );
      const many = Array.from({ length: 251 }, (_, i) =>
        String.fromCharCode(65 + (i % 26), 65 + Math.floor(i / 26)),
      );
      await t.api.fail(
        'UpdateInstanceCommunication',
        { body: { blocked_country_codes: many } },
        422,
      );
      expect((await t.api.ok('GetInstanceCommunication')).blocked_country_codes).toEqual(['FR']);
    });
  });

  describe('OAuth application settings', () => {
    it('answers Clerk defaults, stores changes, and null scopes reset to the defaults', async () => {
      expect(await t.api.ok('GetInstanceOAuthApplicationSettings')).toEqual(OAUTH_DEFAULTS);
      const changed = await t.api.ok('UpdateInstanceOAuthApplicationSettings', {
        body: {
          dynamic_oauth_client_registration: true,
          default_scopes: ['openid', 'email', 'offline_access'],
          oauth_jwt_access_tokens: true,
          client_id_metadata_documents_advertised: true,
        },
      });
      expect(changed).toEqual({
        ...OAUTH_DEFAULTS,
        dynamic_oauth_client_registration: true,
        default_scopes: ['openid', 'email', 'offline_access'],
        oauth_jwt_access_tokens: true,
        client_id_metadata_documents_advertised: true,
      });
      const reset = await t.api.ok('UpdateInstanceOAuthApplicationSettings', {
        body: { default_scopes: null, oauth_jwt_access_tokens: null },
      });
      expect(reset.default_scopes).toEqual(['email', 'profile']);
      expect(reset.oauth_jwt_access_tokens).toBe(true);
    });

    it.each([
      [['email', 'email'], 'form_param_value_invalid'],
      [['has space'], 'form_param_format_invalid'],
      [[''], 'form_param_format_invalid'],
      [['quo"te'], 'form_param_format_invalid'],
      [Array.from({ length: 51 }, (_, i) => `s${i}`), 'form_param_exceeds_allowed_size'],
    ])('refuses scopes %j with 422', async (scopes, code) => {
      const before = await t.api.ok('GetInstanceOAuthApplicationSettings');
      await t.api.fail(
        'UpdateInstanceOAuthApplicationSettings',
        { body: { default_scopes: scopes } },
        422,
        code,
      );
      expect(await t.api.ok('GetInstanceOAuthApplicationSettings')).toEqual(before);
    });
  });

  describe('organization settings', () => {
    it('answers Clerk defaults; changes are stored and read by readOrganizationSettings', async () => {
      expect(await t.api.ok('GetInstanceOrganizationSettings')).toEqual(ORG_DEFAULTS);
      const changed = await t.api.ok('UpdateInstanceOrganizationSettings', {
        body: {
          enabled: true,
          max_allowed_memberships: 0,
          admin_delete_enabled: false,
          domains_enabled: true,
          slug_disabled: true,
          domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
        },
      });
      const expected = {
        ...ORG_DEFAULTS,
        enabled: true,
        max_allowed_memberships: 0,
        admin_delete_enabled: false,
        domains_enabled: true,
        slug_disabled: true,
        domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
      };
      expect(changed).toEqual(expected);
      const { object: _object, ...settings } = expected;
      expect(await readOrganizationSettings(t.database.db, t.instanceId)).toEqual(settings);
      await t.api.ok('UpdateInstanceOrganizationSettings', {
        body: { enabled: null, max_allowed_memberships: 25 },
      });
      expect(await t.api.ok('GetInstanceOrganizationSettings')).toMatchObject({
        enabled: true,
        max_allowed_memberships: 25,
      });
    });

    it.each([
      [{ max_allowed_memberships: -1 }, 422, 'form_param_value_invalid'],
      [{ max_allowed_memberships: 2_147_483_648 }, 422, 'form_param_value_invalid'],
      [{ max_allowed_memberships: 1.5 }, 422, undefined],
      [
        { domains_enrollment_modes: ['automatic_invitation', 'automatic_invitation'] },
        422,
        'form_param_value_invalid',
      ],
      [{ domains_enrollment_modes: ['by_magic'] }, 422, 'form_param_value_invalid'],
      [{ creator_role_id: 'role_123' }, 404, 'resource_not_found'],
      [{ domains_default_role_id: 'role_456' }, 404, 'resource_not_found'],
    ])('refuses %j and changes nothing', async (body, status, code) => {
      const before = await t.api.ok('GetInstanceOrganizationSettings');
      await t.api.fail(
        'UpdateInstanceOrganizationSettings',
        { body: { enabled: false, ...body } },
        status,
        code,
      );
      expect(await t.api.ok('GetInstanceOrganizationSettings')).toEqual(before);
    });
  });

  it('keeps every section when two sections are written at once', async () => {
    const fresh = await useTestInstance(dialect);
    await Promise.all([
      fresh.api.ok('UpdateInstanceProtect', { body: { specter_enabled: true } }),
      fresh.api.ok('UpdateInstanceOrganizationSettings', { body: { enabled: true } }),
      fresh.api.ok('UpdateInstanceCommunication', { body: { blocked_country_codes: ['DE'] } }),
      fresh.api.ok('UpdateInstance', { body: { hibp: false } }),
    ]);
    expect((await fresh.api.ok('GetInstanceProtect')).specter_enabled).toBe(true);
    expect((await fresh.api.ok('GetInstanceOrganizationSettings')).enabled).toBe(true);
    expect((await fresh.api.ok('GetInstanceCommunication')).blocked_country_codes).toEqual(['DE']);
  });
});

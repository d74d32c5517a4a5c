import { beforeAll, expect, it } from 'vitest';
import { CREATOR_PERMISSIONS, insertRole } from '../../../server/test/roles/role-helpers.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('roles', (s) => {
  beforeAll(async () => {
    await s.sdk.instanceSettings.updateInstanceOrganizationSettings({ enabled: true });
    // Roles come from configuration, not the API: add the ones the sets are made of.
    const { db } = s.t.database;
    await insertRole(db, s.t.instanceId, 'org:owner', CREATOR_PERMISSIONS);
    await insertRole(db, s.t.instanceId, 'org:viewer');
    await insertRole(db, s.t.instanceId, 'org:editor');
  });

  it('creates, reads, lists, updates and extends a role set', async () => {
    const set = await s.sdk.roleSets.createRoleSet({
      name: 'Team',
      key: 'role_set:team',
      roles: ['org:owner', 'org:viewer'],
      default_role_key: 'org:viewer',
      creator_role_key: 'org:owner',
    });
    expect(set).toMatchObject({ object: 'role_set', key: 'role_set:team', name: 'Team' });
    expect(set.roles.map((r) => r.key)).toEqual(['org:owner', 'org:viewer']);
    const byKey = { role_set_key_or_id: 'role_set:team' };
    expect((await s.sdk.roleSets.getRoleSet(byKey)).id).toBe(set.id);
    expect((await s.sdk.roleSets.getRoleSet({ role_set_key_or_id: set.id })).key).toBe(set.key);
    const listed = await s.sdk.roleSets.listRoleSets({ query: 'team' });
    expect(listed.data.map((x) => x.id)).toEqual([set.id]);
    const renamed = await s.sdk.roleSets.updateRoleSet({ ...byKey, name: 'Team Two' });
    expect([renamed.id, renamed.name]).toEqual([set.id, 'Team Two']);
    const extended = await s.sdk.roleSets.addRolesToRoleSet({
      ...byKey,
      role_keys: ['org:editor'],
    });
    expect(extended.roles.map((r) => r.key)).toContain('org:editor');
    const swapped = await s.sdk.roleSets.replaceRoleInRoleSet({
      ...byKey,
      role_key: 'org:editor',
      to_role_key: 'org:viewer',
    });
    expect(swapped.roles.map((r) => r.key)).not.toContain('org:editor');
    await expectClerkError(
      s.sdk.roleSets.addRolesToRoleSet({ ...byKey, role_keys: ['org:ghost'] }),
      404,
      'resource_not_found',
    );
  });

  it('replaces a role set, moving its organizations to another', async () => {
    const key = 'role_set:old';
    await s.sdk.roleSets.createRoleSet({
      name: 'Old',
      key,
      roles: ['org:owner', 'org:viewer'],
      default_role_key: 'org:viewer',
      creator_role_key: 'org:owner',
    });
    const org = await s.sdk.organizations.createOrganization({ name: 'Moving', role_set_key: key });
    const deleted = await s.sdk.roleSets.replaceRoleSet({
      role_set_key_or_id: key,
      dest_role_set_key: 'role_set:default',
      reassignment_mappings: { 'org:viewer': 'org:member', 'org:owner': 'org:admin' },
    });
    expect(deleted).toMatchObject({ object: 'role_set', deleted: true });
    expect(
      (await s.sdk.organizations.getOrganization({ organization_id: org.id })).role_set_key,
    ).toBe('role_set:default');
    await expectClerkError(
      s.sdk.roleSets.getRoleSet({ role_set_key_or_id: key }),
      404,
      'resource_not_found',
    );
  });

  it('creates, reads, lists, updates and deletes an organization permission', async () => {
    const permission = await s.sdk.organizationPermissions.createOrganizationPermission({
      name: 'Manage invoices',
      key: 'org:invoices:manage',
      description: 'Create and send invoices',
    });
    expect(permission).toMatchObject({
      object: 'permission',
      key: 'org:invoices:manage',
      name: 'Manage invoices',
    });
    const params = { permission_id: permission.id };
    expect(await s.sdk.organizationPermissions.getOrganizationPermission(params)).toEqual(
      permission,
    );
    const listed = await s.sdk.organizationPermissions.listOrganizationPermissions({
      query: 'invoices',
    });
    expect(listed.data.map((p) => p.id)).toEqual([permission.id]);
    const updated = await s.sdk.organizationPermissions.updateOrganizationPermission({
      ...params,
      name: 'Invoices',
    });
    expect([updated.id, updated.name]).toEqual([permission.id, 'Invoices']);
    expect(await s.sdk.organizationPermissions.deleteOrganizationPermission(params)).toMatchObject({
      object: 'permission',
      id: permission.id,
      deleted: true,
    });
    await expectClerkError(
      s.sdk.organizationPermissions.getOrganizationPermission(params),
      404,
      'resource_not_found',
    );
  });
});

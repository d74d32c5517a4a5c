import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { CREATOR_PERMISSIONS, insertRole } from './role-helpers.js';

describe.each(testDialects())('organization settings’ roles (%s)', (dialect) => {
  let t: TestInstance;
  let ownerId: string;
  let viewerId: string;
  let memberId: string;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
    ownerId = await insertRole(t.database.db, t.instanceId, 'org:owner', CREATOR_PERMISSIONS);
    viewerId = await insertRole(t.database.db, t.instanceId, 'org:viewer');
    const member = await t.database.db
      .selectFrom('roles')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .where('key', '=', 'org:member')
      .executeTakeFirstOrThrow();
    memberId = member.id;
  });

  it('sets the creator role: the initial role set’s creator, given to new creators', async () => {
    await t.api.ok('AddRolesToRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
      body: { role_keys: ['org:owner'] },
    });
    const settings = await t.api.ok('UpdateInstanceOrganizationSettings', {
      body: { creator_role_id: ownerId, domains_default_role_id: viewerId },
    });
    expect(settings).toMatchObject({
      creator_role: 'org:owner',
      domains_default_role: 'org:viewer',
      initial_role_set_key: 'role_set:default',
    });
    const set = await t.api.ok('GetRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
    });
    expect(set.creator_role?.key).toBe('org:owner');
    const user = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, { created_by: user.id });
    const role = await t.database.db
      .selectFrom('organization_memberships')
      .select('role_id')
      .where('organization_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(role.role_id).toBe(ownerId);
  });

  it('refuses a creator role outside the initial set or unable to manage members', async () => {
    await t.api.fail(
      'UpdateInstanceOrganizationSettings',
      { body: { creator_role_id: viewerId } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'UpdateInstanceOrganizationSettings',
      { body: { creator_role_id: memberId, enabled: false } },
      422,
      'form_param_value_invalid',
    );
    const after = await t.api.ok('GetInstanceOrganizationSettings');
    expect(after).toMatchObject({ enabled: true, creator_role: 'org:owner' });
    for (const body of [
      { creator_role_id: 'role_missing' },
      { domains_default_role_id: 'org:member' },
    ]) {
      await t.api.fail('UpdateInstanceOrganizationSettings', { body }, 404, 'resource_not_found');
    }
  });
});

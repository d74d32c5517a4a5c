import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { CREATOR_PERMISSIONS, insertRole } from './role-helpers.js';

describe.each(testDialects())('role set migrations (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api, { max_allowed_memberships: 0 });
    const db = t.database.db;
    await insertRole(db, t.instanceId, 'org:owner', CREATOR_PERMISSIONS);
    await insertRole(db, t.instanceId, 'org:viewer');
    await insertRole(db, t.instanceId, 'org:editor', ['org:sys_memberships:read']);
    await insertRole(db, t.instanceId, 'org:guest');
  });

  /** A custom role set and an organization of it with an owner and `viewers` viewers. */
  async function setWithMembers(key: string, viewers: number) {
    await t.api.ok('CreateRoleSet', {
      body: {
        name: key,
        key,
        roles: ['org:owner', 'org:viewer'],
        default_role_key: 'org:viewer',
        creator_role_key: 'org:owner',
      },
    });
    const owner = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, { role_set_key: key, created_by: owner.id });
    for (let i = 0; i < viewers; i++) {
      const user = await createTestUser(t.api);
      await t.api.ok('CreateOrganizationMembership', {
        params: { organization_id: org.id },
        body: { user_id: user.id, role: 'org:viewer' },
      });
    }
    return { org, owner };
  }

  const roleOfMembers = async (orgId: string) =>
    (
      await t.database.db
        .selectFrom('organization_memberships')
        .innerJoin('roles', 'roles.id', 'organization_memberships.role_id')
        .select('roles.key')
        .where('organization_memberships.organization_id', '=', orgId)
        .execute()
    )
      .map((r) => r.key)
      .sort();

  it('counts members per role of the set', async () => {
    await setWithMembers('role_set:counted', 2);
    const set = await t.api.ok('GetRoleSet', {
      params: { role_set_key_or_id: 'role_set:counted' },
    });
    expect(set.roles.map((r) => [r.key, r.members_count, r.has_members])).toEqual([
      ['org:owner', 1, true],
      ['org:viewer', 2, true],
    ]);
  });

  it('adds roles, optionally as the new default or creator role', async () => {
    const set = await t.api.ok('AddRolesToRoleSet', {
      params: { role_set_key_or_id: 'role_set:counted' },
      body: { role_keys: ['org:editor', 'org:guest'], default_role_key: 'org:guest' },
    });
    expect(set.roles.map((r) => r.key)).toEqual([
      'org:owner',
      'org:viewer',
      'org:editor',
      'org:guest',
    ]);
    expect(set.default_role?.key).toBe('org:guest');
    const params = { role_set_key_or_id: 'role_set:counted' };
    await t.api.fail(
      'AddRolesToRoleSet',
      { params, body: { role_keys: ['org:guest'] } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'AddRolesToRoleSet',
      { params, body: { role_keys: ['org:ghost'] } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'AddRolesToRoleSet',
      { params, body: { role_keys: ['org:admin'], creator_role_key: 'org:owner' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'AddRolesToRoleSet',
      { params, body: { role_keys: [] } },
      422,
      'form_param_missing',
    );
    await t.api.fail(
      'AddRolesToRoleSet',
      { params: { role_set_key_or_id: 'role_set:nope' }, body: { role_keys: ['org:admin'] } },
      404,
      'resource_not_found',
    );
  });

  it('replaces a role in a set: members move to the new role, which takes its place', async () => {
    const { org } = await setWithMembers('role_set:swap', 2);
    const set = await t.api.ok('ReplaceRoleInRoleSet', {
      params: { role_set_key_or_id: 'role_set:swap' },
      body: { role_key: 'org:viewer', to_role_key: 'org:editor' },
    });
    expect(set.roles.map((r) => [r.key, r.members_count])).toEqual([
      ['org:owner', 1],
      ['org:editor', 2],
    ]);
    expect(set.default_role?.key).toBe('org:editor');
    expect(await roleOfMembers(org.id)).toEqual(['org:editor', 'org:editor', 'org:owner']);
    const user = await createTestUser(t.api);
    await t.api.fail(
      'CreateOrganizationMembership',
      { params: { organization_id: org.id }, body: { user_id: user.id, role: 'org:viewer' } },
      404,
      'resource_not_found',
    );
    const params = { role_set_key_or_id: 'role_set:swap' };
    await t.api.fail(
      'ReplaceRoleInRoleSet',
      { params, body: { role_key: 'org:viewer', to_role_key: 'org:guest' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'ReplaceRoleInRoleSet',
      { params, body: { role_key: 'org:owner', to_role_key: 'org:guest' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'ReplaceRoleInRoleSet',
      { params, body: { role_key: 'org:editor', to_role_key: 'org:ghost' } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'ReplaceRoleInRoleSet',
      { params, body: { role_key: 'org:editor', to_role_key: 'org:editor' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('replaces a role set: organizations move, unmapped roles are refused, then it is gone', async () => {
    const { org } = await setWithMembers('role_set:old', 1);
    const params = { role_set_key_or_id: 'role_set:old' };
    await t.api.fail(
      'ReplaceRoleSet',
      { params, body: { dest_role_set_key: 'role_set:default' } },
      422,
      'form_param_missing',
    );
    await t.api.fail(
      'ReplaceRoleSet',
      {
        params,
        body: {
          dest_role_set_key: 'role_set:default',
          reassignment_mappings: { 'org:viewer': 'org:guest', 'org:owner': 'org:admin' },
        },
      },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'ReplaceRoleSet',
      { params, body: { dest_role_set_key: 'role_set:ghost' } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'ReplaceRoleSet',
      { params, body: { dest_role_set_key: 'role_set:old' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'ReplaceRoleSet',
      {
        params: { role_set_key_or_id: 'role_set:default' },
        body: { dest_role_set_key: 'role_set:old' },
      },
      422,
      'initial_role_set_not_replaceable',
    );
    expect(await roleOfMembers(org.id)).toEqual(['org:owner', 'org:viewer']);
    const deleted = await t.api.ok('ReplaceRoleSet', {
      params,
      body: {
        dest_role_set_key: 'role_set:default',
        reassignment_mappings: { 'org:viewer': 'org:member', 'org:owner': 'org:admin' },
      },
    });
    expect(deleted).toMatchObject({ object: 'role_set', deleted: true });
    expect(deleted.id).toMatch(/^rs_/);
    expect(await roleOfMembers(org.id)).toEqual(['org:admin', 'org:member']);
    const moved = await t.api.ok('GetOrganization', { params: { organization_id: org.id } });
    expect(moved.role_set_key).toBe('role_set:default');
    await t.api.fail('GetRoleSet', { params }, 404, 'resource_not_found');
  });

  it('replaces an unused role set with no mappings needed', async () => {
    await t.api.ok('CreateRoleSet', {
      body: {
        name: 'Empty',
        key: 'role_set:empty',
        roles: ['org:owner', 'org:viewer'],
        default_role_key: 'org:viewer',
        creator_role_key: 'org:owner',
      },
    });
    await t.api.ok('ReplaceRoleSet', {
      params: { role_set_key_or_id: 'role_set:empty' },
      body: { dest_role_set_key: 'role_set:default' },
    });
    await t.api.fail(
      'GetRoleSet',
      { params: { role_set_key_or_id: 'role_set:empty' } },
      404,
      'resource_not_found',
    );
  });
});

describe.each(testDialects())('role set migrations and pending invitations (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
    await insertRole(t.database.db, t.instanceId, 'org:viewer');
  });

  it('moves pending invitations with the members, and leaves accepted ones as they were', async () => {
    const org = await createTestOrganization(t.api);
    const db = t.database.db;
    const roleId = async (key: string) =>
      (
        await db
          .selectFrom('roles')
          .select('id')
          .where('instance_id', '=', t.instanceId)
          .where('key', '=', key)
          .executeTakeFirstOrThrow()
      ).id;
    const member = await roleId('org:member');
    const invitation = (id: string, status: string) => ({
      id,
      instance_id: t.instanceId,
      organization_id: org.id,
      email_address: `${id}@example.com`,
      email_lower: `${id}@example.com`,
      role_id: member,
      inviter_id: null,
      status,
      public_metadata: '{}',
      private_metadata: '{}',
      redirect_url: null,
      token_hash: `hash_${id}`,
      expires_at: null,
      created_at: 1,
      updated_at: 1,
    });
    await db
      .insertInto('organization_invitations')
      .values([invitation('orginv_pending', 'pending'), invitation('orginv_done', 'accepted')])
      .execute();
    await t.api.ok('ReplaceRoleInRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
      body: { role_key: 'org:member', to_role_key: 'org:viewer' },
    });
    const rows = await db
      .selectFrom('organization_invitations')
      .select(['id', 'role_id'])
      .where('organization_id', '=', org.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'orginv_done', role_id: member },
      { id: 'orginv_pending', role_id: await roleId('org:viewer') },
    ]);
    const set = await t.api.ok('GetRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
    });
    expect(set.default_role?.key).toBe('org:viewer');
    expect(set.roles.map((r) => r.key)).toEqual(['org:admin', 'org:viewer']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { configureInstance } from '../../src/instances/instance-config-apply.js';
import { validateInstanceConfig } from '../../src/instances/instance-config-schema.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { eventsOf } from './role-helpers.js';

describe('roles in the configuration document', () => {
  it('refuses malformed roles and permissions, naming what is wrong', () => {
    const cases: [unknown, string][] = [
      [{ roles: {} }, 'organization_settings.roles must be a list of roles'],
      [{ roles: [{ key: 'editor', name: 'Editor' }] }, 'item 0: key must look like org:<name>'],
      [{ roles: [{ key: 'org:editor', name: '' }] }, 'name must be 1 to 256 characters'],
      [{ roles: [{ key: 'org:editor', name: 'E', colour: 'red' }] }, 'unknown key colour'],
      [
        { roles: [{ key: 'org:editor', name: 'E', permissions: ['posts'] }] },
        'permissions must be a list of permission keys',
      ],
      [
        {
          roles: [
            { key: 'org:editor', name: 'E' },
            { key: 'org:editor', name: 'F' },
          ],
        },
        'org:editor is listed twice',
      ],
      [{ permissions: [{ key: 'org:sys_x:read', name: 'X' }] }, 'system permissions'],
      [{ permissions: [{ key: 'org:posts', name: 'X' }] }, 'org:<feature>:<action>'],
    ];
    for (const [section, message] of cases) {
      expect(() => validateInstanceConfig({ organization_settings: section }, 'f.json')).toThrow(
        message,
      );
    }
  });
});

describe.each(testDialects())('roles applied from the configuration (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
  });

  const config = (roles: unknown[], permissions: unknown[] = []) =>
    validateInstanceConfig({ organization_settings: { roles, permissions } }, 'test');

  it('creates custom permissions and roles by key, with their events', async () => {
    await configureInstance(
      t.database,
      t.instanceId,
      config(
        [
          {
            key: 'org:editor',
            name: 'Editor',
            description: 'Edits posts',
            permissions: ['org:posts:edit', 'org:sys_memberships:read'],
          },
        ],
        [{ key: 'org:posts:edit', name: 'Edit posts', description: 'Change any post' }],
      ),
    );
    const { data } = await t.api.ok('ListOrganizationPermissions', {
      query: { query: 'org:posts:edit' },
    });
    expect(data[0]).toMatchObject({ name: 'Edit posts', type: 'user' });
    const [created] = await eventsOf(t.database.db, t.instanceId, 'role.created');
    expect(created).toMatchObject({
      object: 'role',
      key: 'org:editor',
      name: 'Editor',
      description: 'Edits posts',
      is_creator_eligible: false,
    });
    expect((created!.permissions as { key: string }[]).map((p) => p.key)).toEqual([
      'org:posts:edit',
      'org:sys_memberships:read',
    ]);
    await t.api.ok('AddRolesToRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
      body: { role_keys: ['org:editor'] },
    });
    const org = await createTestOrganization(t.api);
    const membership = await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: (await createTestUser(t.api)).id, role: 'org:editor' },
    });
    expect(membership).toMatchObject({
      role: 'org:editor',
      role_name: 'Editor',
      permissions: ['org:posts:edit', 'org:sys_memberships:read'],
    });
  });

  it('updates a role on a later configuration; an unchanged one records nothing', async () => {
    const roles = [{ key: 'org:editor', name: 'Writer', permissions: ['org:posts:edit'] }];
    await configureInstance(t.database, t.instanceId, config(roles));
    await configureInstance(t.database, t.instanceId, config(roles));
    const updates = await eventsOf(t.database.db, t.instanceId, 'role.updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ key: 'org:editor', name: 'Writer', description: null });
    expect((updates[0]!.permissions as unknown[]).length).toBe(1);
  });

  it('refuses an unknown permission or a system one, changing nothing', async () => {
    await expect(
      configureInstance(
        t.database,
        t.instanceId,
        config([{ key: 'org:ghost', name: 'Ghost', permissions: ['org:nothing:here'] }]),
      ),
    ).rejects.toThrow('no permission org:nothing:here');
    const ghost = await t.database.db
      .selectFrom('roles')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .where('key', '=', 'org:ghost')
      .execute();
    expect(ghost).toEqual([]);
  });

  it('applies organization settings to what the Backend API reports, creator_role included', async () => {
    await configureInstance(
      t.database,
      t.instanceId,
      validateInstanceConfig(
        {
          organization_settings: {
            max_allowed_memberships: 42,
            roles: [
              {
                key: 'org:owner',
                name: 'Owner',
                permissions: [
                  'org:sys_memberships:manage',
                  'org:sys_memberships:read',
                  'org:sys_profile:delete',
                ],
              },
            ],
          },
        },
        'test',
      ),
    );
    await t.api.ok('AddRolesToRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
      body: { role_keys: ['org:owner'] },
    });
    await configureInstance(t.database, t.instanceId, {
      organization_settings: { creator_role: 'org:owner' },
    });
    expect(await t.api.ok('GetInstanceOrganizationSettings')).toMatchObject({
      enabled: true,
      max_allowed_memberships: 42,
      creator_role: 'org:owner',
    });
    const set = await t.api.ok('GetRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
    });
    expect(set.creator_role?.key).toBe('org:owner');
    await expect(
      configureInstance(t.database, t.instanceId, {
        organization_settings: { creator_role: 'org:editor' },
      }),
    ).rejects.toThrow('org:editor must grant');
  });
});

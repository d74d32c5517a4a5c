import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { eventsOf, grantPermission } from './role-helpers.js';

describe.each(testDialects())('organization permissions (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('lists Clerk’s system permissions for a new instance', async () => {
    const list = await t.api.ok('ListOrganizationPermissions', {
      query: { order_by: 'key', limit: 100 },
    });
    expect(list.total_count).toBe(8);
    expect(list.data.map((p) => p.key)).toEqual([
      'org:sys_billing:manage',
      'org:sys_billing:read',
      'org:sys_domains:manage',
      'org:sys_domains:read',
      'org:sys_memberships:manage',
      'org:sys_memberships:read',
      'org:sys_profile:delete',
      'org:sys_profile:manage',
    ]);
    expect(list.data.every((p) => p.type === 'system' && p.object === 'permission')).toBe(true);
  });

  it('creates, reads, updates and deletes a custom permission, with events', async () => {
    t.clock.set(Date.UTC(2026, 0, 1));
    const created = await t.api.ok('CreateOrganizationPermission', {
      body: { name: ' Create posts ', key: 'org:posts:create', description: 'Write new posts' },
    });
    expect(created).toMatchObject({
      object: 'permission',
      name: 'Create posts',
      key: 'org:posts:create',
      description: 'Write new posts',
      type: 'user',
      created_at: Date.UTC(2026, 0, 1),
    });
    expect(created.id).toMatch(/^perm_/);
    expect(
      await t.api.ok('GetOrganizationPermission', { params: { permission_id: created.id } }),
    ).toEqual(created);
    t.clock.advance(1000);
    const updated = await t.api.ok('UpdateOrganizationPermission', {
      params: { permission_id: created.id },
      body: { name: 'Write posts', key: 'org:posts:write' },
    });
    expect(updated).toMatchObject({
      name: 'Write posts',
      key: 'org:posts:write',
      description: 'Write new posts',
      updated_at: Date.UTC(2026, 0, 1) + 1000,
    });
    const deleted = await t.api.ok('DeleteOrganizationPermission', {
      params: { permission_id: created.id },
    });
    expect(deleted).toEqual({ object: 'permission', id: created.id, deleted: true });
    await t.api.fail(
      'GetOrganizationPermission',
      { params: { permission_id: created.id } },
      404,
      'resource_not_found',
    );
    const db = t.database.db;
    expect(await eventsOf(db, t.instanceId, 'permission.created')).toEqual([created]);
    expect(await eventsOf(db, t.instanceId, 'permission.updated')).toEqual([updated]);
    expect(await eventsOf(db, t.instanceId, 'permission.deleted')).toEqual([deleted]);
  });

  it('refuses malformed, reserved and taken keys, and bad names', async () => {
    for (const key of ['posts:create', 'org:Posts:create', 'org:posts', 'org:a:b:c', 'org:a-b:c']) {
      await t.api.fail(
        'CreateOrganizationPermission',
        { body: { name: 'x', key } },
        422,
        'form_param_format_invalid',
      );
    }
    await t.api.fail(
      'CreateOrganizationPermission',
      { body: { name: 'x', key: 'org:sys_custom:read' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'CreateOrganizationPermission',
      { body: { name: 'x', key: 'org:sys_profile:manage' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.ok('CreateOrganizationPermission', { body: { name: 'Read', key: 'org:doc:read' } });
    await t.api.fail(
      'CreateOrganizationPermission',
      { body: { name: 'Again', key: 'org:doc:read' } },
      400,
      'duplicate_record',
    );
    await t.api.fail(
      'CreateOrganizationPermission',
      { body: { name: '   ', key: 'org:doc:write' } },
      422,
      'form_param_missing',
    );
    await t.api.fail('CreateOrganizationPermission', { body: { name: 'x' } }, 422);
    const other = await t.api.ok('CreateOrganizationPermission', {
      body: { name: 'Write', key: 'org:doc:write' },
    });
    await t.api.fail(
      'UpdateOrganizationPermission',
      { params: { permission_id: other.id }, body: { key: 'org:doc:read' } },
      400,
      'duplicate_record',
    );
    await t.api.fail(
      'UpdateOrganizationPermission',
      { params: { permission_id: other.id }, body: { key: 'org:sys_x:y' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('keeps system permissions as they are, and answers 404 for unknown IDs', async () => {
    const { data } = await t.api.ok('ListOrganizationPermissions', {
      query: { query: 'org:sys_profile:manage' },
    });
    const system = data[0]!;
    await t.api.fail(
      'UpdateOrganizationPermission',
      { params: { permission_id: system.id }, body: { name: 'Mine now' } },
      403,
      'system_permission_not_modifiable',
    );
    await t.api.fail(
      'DeleteOrganizationPermission',
      { params: { permission_id: system.id } },
      403,
      'system_permission_not_modifiable',
    );
    for (const op of ['GetOrganizationPermission', 'DeleteOrganizationPermission'] as const) {
      await t.api.fail(
        op,
        { params: { permission_id: 'perm_missing' } },
        404,
        'resource_not_found',
      );
    }
    await t.api.fail(
      'UpdateOrganizationPermission',
      { params: { permission_id: 'perm_missing' }, body: { name: 'x' } },
      404,
      'resource_not_found',
    );
  });

  it('searches by ID, name or key and pages in the asked order', async () => {
    const names = ['Alpha report', 'Beta report', 'Gamma chart'];
    const made = [];
    for (const [i, name] of names.entries()) {
      t.clock.set(Date.UTC(2026, 1, 1) + i * 1000);
      made.push(
        await t.api.ok('CreateOrganizationPermission', {
          body: { name, key: `org:search${i}:view` },
        }),
      );
    }
    const reports = await t.api.ok('ListOrganizationPermissions', {
      query: { query: 'REPORT', order_by: 'name' },
    });
    expect(reports.data.map((p) => p.name)).toEqual(['Alpha report', 'Beta report']);
    expect(reports.total_count).toBe(2);
    const byId = await t.api.ok('ListOrganizationPermissions', { query: { query: made[2]!.id } });
    expect(byId.data.map((p) => p.id)).toEqual([made[2]!.id]);
    const byKey = await t.api.ok('ListOrganizationPermissions', {
      query: { query: 'search', order_by: '-created_at', limit: 2, offset: 1 },
    });
    expect(byKey.data.map((p) => p.name)).toEqual(['Beta report', 'Alpha report']);
    expect(byKey.total_count).toBe(3);
    expect(
      (await t.api.ok('ListOrganizationPermissions', { query: { query: '100%_x' } })).data,
    ).toEqual([]);
    await t.api.fail(
      'ListOrganizationPermissions',
      { query: { order_by: 'description' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('shows a permission granted to a role in its members’ permissions, and drops it on delete', async () => {
    await enableOrganizations(t.api);
    const permission = await t.api.ok('CreateOrganizationPermission', {
      body: { name: 'Export', key: 'org:reports:export' },
    });
    await grantPermission(t.database.db, t.instanceId, 'org:member', 'org:reports:export');
    const org = await createTestOrganization(t.api);
    const user = await createTestUser(t.api);
    const membership = await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: user.id, role: 'org:member' },
    });
    expect(membership.permissions).toEqual(['org:reports:export', 'org:sys_memberships:read']);
    await t.api.ok('UpdateOrganizationPermission', {
      params: { permission_id: permission.id },
      body: { key: 'org:reports:download' },
    });
    const renamed = (await eventsOf(t.database.db, t.instanceId, 'role.updated')).at(-1) as {
      key: string;
      permissions: { key: string }[];
    };
    expect(renamed.key).toBe('org:member');
    expect(renamed.permissions.map((p) => p.key)).toEqual([
      'org:reports:download',
      'org:sys_memberships:read',
    ]);
    await t.api.ok('DeleteOrganizationPermission', { params: { permission_id: permission.id } });
    const grants = await t.database.db
      .selectFrom('role_permissions')
      .select('role_id')
      .where('permission_id', '=', permission.id)
      .execute();
    expect(grants).toEqual([]);
    const roleEvents = await eventsOf(t.database.db, t.instanceId, 'role.updated');
    const last = roleEvents.at(-1) as { key: string; permissions: { key: string }[] };
    expect(last.key).toBe('org:member');
    expect(last.permissions.map((p) => p.key)).toEqual(['org:sys_memberships:read']);
  });
});

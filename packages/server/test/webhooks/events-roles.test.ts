import { beforeAll, describe, expect, it } from 'vitest';
import { configureInstance } from '../../src/instances/instance-config-apply.js';
import { validateInstanceConfig } from '../../src/instances/instance-config-schema.js';
import { enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('role and permission events (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
    await enableOrganizations(api);
  });

  // Roles have no Backend API operation: the instance configuration makes them (no request).
  const configure = (roles: unknown[], permissions: unknown[] = []) =>
    configureInstance(
      t.database,
      t.instanceId,
      validateInstanceConfig({ organization_settings: { roles, permissions } }, 'test'),
    );

  it('the configuration emits permission.created, role.created and role.updated', async () => {
    const events = await watchEvents(t);
    await configure(
      [{ key: 'org:writer', name: 'Writer', permissions: ['org:drafts:write'] }],
      [{ key: 'org:drafts:write', name: 'Write drafts', description: 'Draft posts' }],
    );
    await configure([
      {
        key: 'org:writer',
        name: 'Writer',
        description: 'Writes drafts',
        permissions: ['org:drafts:write', 'org:sys_memberships:read'],
      },
    ]);
    const recorded = await events.take({ http: 'none' });
    expect(typesOf(recorded)).toEqual(['permission.created', 'role.created', 'role.updated']);
    const created = dataOf(recorded, 'role.created');
    expect(created).toMatchObject({ object: 'role', key: 'org:writer', description: null });
    expect(created.permissions.map((p: { key: string }) => p.key)).toEqual(['org:drafts:write']);
    const updated = dataOf(recorded, 'role.updated');
    expect(updated.description).toBe('Writes drafts');
    expect(updated.permissions).toHaveLength(2);
  });

  it('permission operations emit permission.* and role.updated for the roles granting it', async () => {
    const events = await watchEvents(t);
    const permission = await api.ok('CreateOrganizationPermission', {
      body: { name: 'Publish', key: 'org:posts:publish', description: 'Publish posts' },
    });
    expect(dataOf(await events.take(), 'permission.created')).toEqual(permission);

    await configure([
      { key: 'org:publisher', name: 'Publisher', permissions: ['org:posts:publish'] },
    ]);
    const role = dataOf(await events.take({ http: 'none' }), 'role.created');

    const params = { permission_id: permission.id };
    await api.ok('UpdateOrganizationPermission', { params, body: { key: 'org:posts:release' } });
    const renamed = await events.take();
    expect(typesOf(renamed)).toEqual(['permission.updated', 'role.updated']);
    expect(dataOf(renamed, 'permission.updated').key).toBe('org:posts:release');
    const withNewKey = dataOf(renamed, 'role.updated');
    expect(withNewKey.id).toBe(role.id);
    expect(withNewKey.permissions.map((p: { key: string }) => p.key)).toEqual([
      'org:posts:release',
    ]);

    await api.ok('DeleteOrganizationPermission', { params });
    const deleted = await events.take();
    expect(typesOf(deleted)).toEqual(['permission.deleted', 'role.updated']);
    expect(dataOf(deleted, 'permission.deleted')).toEqual({
      object: 'permission',
      id: permission.id,
      deleted: true,
    });
    expect(dataOf(deleted, 'role.updated').permissions).toEqual([]);
  });

  it('a refused permission write emits nothing', async () => {
    const events = await watchEvents(t);
    await api.fail(
      'DeleteOrganizationPermission',
      { params: { permission_id: 'perm_2x0000000000000000000000000' } },
      404,
    );
    expect(await events.take()).toEqual([]);
  });
});

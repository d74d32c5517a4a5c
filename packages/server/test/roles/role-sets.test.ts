import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { CREATOR_PERMISSIONS, insertRole } from './role-helpers.js';

describe.each(testDialects())('role sets (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await insertRole(t.database.db, t.instanceId, 'org:owner', CREATOR_PERMISSIONS);
    await insertRole(t.database.db, t.instanceId, 'org:viewer');
  });

  it('has the initial role set role_set:default with admin and member', async () => {
    const set = await t.api.ok('GetRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
    });
    expect(set).toMatchObject({
      object: 'role_set',
      key: 'role_set:default',
      type: 'initial',
      description: null,
      role_set_migration: null,
      default_role: { object: 'role_set_item', key: 'org:member', members_count: 0 },
      creator_role: { key: 'org:admin', has_members: false },
    });
    expect(set.roles.map((r) => r.key).sort()).toEqual(['org:admin', 'org:member']);
    expect(await t.api.ok('GetRoleSet', { params: { role_set_key_or_id: set.id } })).toEqual(set);
    await t.api.fail(
      'GetRoleSet',
      { params: { role_set_key_or_id: 'role_set:missing' } },
      404,
      'resource_not_found',
    );
  });

  it('creates a role set, its key made from the name when absent', async () => {
    t.clock.set(Date.UTC(2026, 2, 1));
    const set = await t.api.ok('CreateRoleSet', {
      body: {
        name: 'Sales Team!',
        description: 'For sales',
        roles: ['org:owner', 'org:viewer'],
        default_role_key: 'org:viewer',
        creator_role_key: 'org:owner',
      },
    });
    expect(set).toMatchObject({
      key: 'role_set:sales_team',
      name: 'Sales Team!',
      description: 'For sales',
      type: 'custom',
      default_role: { key: 'org:viewer' },
      creator_role: { key: 'org:owner' },
      created_at: Date.UTC(2026, 2, 1),
    });
    expect(set.id).toMatch(/^rs_/);
    expect(set.roles.map((r) => r.key)).toEqual(['org:owner', 'org:viewer']);
    const again = await t.api.ok('CreateRoleSet', {
      body: {
        name: 'Sales team',
        roles: ['org:owner'],
        default_role_key: 'org:owner',
        creator_role_key: 'org:owner',
      },
    });
    expect(again.key).toMatch(/^role_set:sales_team_[0-9a-f]{8}$/);
    await t.api.fail(
      'CreateRoleSet',
      {
        body: {
          name: 'x',
          key: 'role_set:sales_team',
          roles: ['org:owner'],
          default_role_key: 'org:owner',
          creator_role_key: 'org:owner',
        },
      },
      400,
      'duplicate_record',
    );
  });

  it('refuses bad role lists, keys and roles outside the set', async () => {
    const base = {
      name: 'Bad',
      roles: ['org:admin', 'org:member'],
      default_role_key: 'org:member',
      creator_role_key: 'org:admin',
    };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ roles: [] }, 422, 'form_param_missing'],
      [{ roles: ['org:admin', 'org:admin'] }, 422, 'form_param_value_invalid'],
      [
        { roles: Array.from({ length: 11 }, (_, i) => `org:r${i}`) },
        422,
        'form_param_exceeds_allowed_size',
      ],
      [{ roles: ['org:admin', 'org:member', 'org:ghost'] }, 404, 'resource_not_found'],
      [{ default_role_key: 'org:viewer' }, 422, 'form_param_value_invalid'],
      [{ creator_role_key: 'org:viewer' }, 422, 'form_param_value_invalid'],
      [
        { roles: ['org:member', 'org:viewer'], creator_role_key: 'org:viewer' },
        422,
        'form_param_value_invalid',
      ],
      [{ key: 'sales' }, 422, 'form_param_format_invalid'],
      [{ key: 'role_set:Sales' }, 422, 'form_param_format_invalid'],
      [{ name: '  ' }, 422, 'form_param_missing'],
      [{ type: 'special' }, 422, 'form_param_value_invalid'],
    ];
    for (const [change, status, code] of cases) {
      const res = await t.api.call('CreateRoleSet', { body: { ...base, ...change } });
      expect(res.status, JSON.stringify(change)).toBe(status);
      expect(res.body.errors[0].code, JSON.stringify(change)).toBe(code);
    }
  });

  it('limits a role set to max_allowed_roles', async () => {
    await t.api.ok('UpdateInstanceOrganizationSettings', { body: { max_allowed_memberships: 5 } });
    await t.database.db
      .updateTable('instance_settings')
      .set({ settings: JSON.stringify({ organizations: { max_allowed_roles: 1 } }) })
      .where('instance_id', '=', t.instanceId)
      .execute();
    await t.api.fail(
      'CreateRoleSet',
      {
        body: {
          name: 'Two',
          roles: ['org:admin', 'org:member'],
          default_role_key: 'org:member',
          creator_role_key: 'org:admin',
        },
      },
      422,
      'form_param_exceeds_allowed_size',
    );
    await t.database.db
      .updateTable('instance_settings')
      .set({ settings: JSON.stringify({}) })
      .where('instance_id', '=', t.instanceId)
      .execute();
  });

  it('updates a role set; making it initial turns the previous initial custom', async () => {
    const set = await t.api.ok('CreateRoleSet', {
      body: {
        name: 'Support',
        key: 'role_set:support',
        roles: ['org:admin', 'org:member', 'org:owner'],
        default_role_key: 'org:member',
        creator_role_key: 'org:admin',
      },
    });
    const updated = await t.api.ok('UpdateRoleSet', {
      params: { role_set_key_or_id: set.id },
      body: {
        name: 'Support team',
        key: 'role_set:support_team',
        description: 'Helpdesk',
        type: 'initial',
        default_role_key: 'org:owner',
        creator_role_key: 'org:owner',
      },
    });
    expect(updated).toMatchObject({
      name: 'Support team',
      key: 'role_set:support_team',
      description: 'Helpdesk',
      type: 'initial',
      default_role: { key: 'org:owner' },
      creator_role: { key: 'org:owner' },
    });
    const previous = await t.api.ok('GetRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
    });
    expect(previous.type).toBe('custom');
    const settings = await t.api.ok('GetInstanceOrganizationSettings');
    expect(settings).toMatchObject({
      initial_role_set_key: 'role_set:support_team',
      creator_role: 'org:owner',
    });
    const cleared = await t.api.ok('UpdateRoleSet', {
      params: { role_set_key_or_id: 'role_set:support_team' },
      body: { description: null, name: null },
    });
    expect(cleared).toMatchObject({ description: null, name: 'Support team' });
    await t.api.fail(
      'UpdateRoleSet',
      { params: { role_set_key_or_id: set.id }, body: { default_role_key: 'org:viewer' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'UpdateRoleSet',
      { params: { role_set_key_or_id: set.id }, body: { creator_role_key: 'org:member' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'UpdateRoleSet',
      { params: { role_set_key_or_id: set.id }, body: { key: 'role_set:default' } },
      400,
      'duplicate_record',
    );
    await t.api.fail(
      'UpdateRoleSet',
      { params: { role_set_key_or_id: 'rs_missing' }, body: { name: 'x' } },
      404,
      'resource_not_found',
    );
    // Back to the default, as the other suites of this instance expect.
    await t.api.ok('UpdateRoleSet', {
      params: { role_set_key_or_id: 'role_set:default' },
      body: { type: 'initial' },
    });
    const back = await t.api.ok('GetInstanceOrganizationSettings');
    expect(back).toMatchObject({
      initial_role_set_key: 'role_set:default',
      creator_role: 'org:admin',
    });
  });

  it('holds one initial role set per instance in the schema', async () => {
    const initial = await t.database.db
      .selectFrom('role_sets')
      .selectAll()
      .where('instance_id', '=', t.instanceId)
      .where('type', '=', 'initial')
      .executeTakeFirstOrThrow();
    await expect(
      t.database.db
        .insertInto('role_sets')
        .values({ ...initial, id: 'rs_second_initial', key: 'role_set:second_initial' })
        .execute(),
    ).rejects.toThrow();
  });

  it('lists role sets newest first, searches and orders them', async () => {
    const all = await t.api.ok('ListRoleSets', { query: { limit: 100 } });
    expect(all.total_count).toBe(all.data.length);
    const created = all.data.map((s) => s.created_at);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const sales = await t.api.ok('ListRoleSets', { query: { query: 'SALES', order_by: 'key' } });
    expect(sales.data.map((s) => s.key)[0]).toBe('role_set:sales_team');
    expect(sales.total_count).toBe(2);
    const byKey = await t.api.ok('ListRoleSets', {
      query: { order_by: '+key', limit: 1, offset: 1 },
    });
    expect(byKey.data).toHaveLength(1);
    await t.api.fail(
      'ListRoleSets',
      { query: { order_by: 'type' } },
      422,
      'form_param_value_invalid',
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { generateId } from '../../src/ids/generate-id.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { eventsOf } from '../sessions/session-helpers.js';

describe.each(testDialects())('updating organizations (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('is refused while organizations are disabled', async () => {
    const params = { organization_id: 'org_any' };
    await t.api.fail('UpdateOrganization', { params, body: { name: 'X' } }, 403);
    const body = { public_metadata: { a: 1 } };
    await t.api.fail(
      'MergeOrganizationMetadata',
      { params, body },
      400,
      'organization_not_enabled_in_instance',
    );
    await t.api.fail(
      'ReplaceOrganizationMetadata',
      { params, body },
      400,
      'organization_not_enabled_in_instance',
    );
    await t.api.fail('GetOrganization', { params }, 403, 'organization_not_enabled_in_instance');
    await enableOrganizations(t.api);
  });

  it('applies every field sent, by ID or slug, and emits organization.updated', async () => {
    const org = await createTestOrganization(t.api, { name: 'Before', slug: 'before' });
    t.clock.set(Date.parse('2030-01-01T00:00:00Z'));
    const updated = await t.api.ok('UpdateOrganization', {
      params: { organization_id: 'before' },
      body: {
        name: '  After Inc  ',
        slug: 'after',
        max_allowed_memberships: 0,
        admin_delete_enabled: false,
        created_at: '2020-05-06T07:08:09.000Z',
        public_metadata: { tier: 'gold' },
        private_metadata: { secret: 1 },
      },
    });
    t.clock.useRealTime();
    expect(updated).toMatchObject({
      id: org.id,
      name: 'After Inc',
      slug: 'after',
      max_allowed_memberships: 0,
      admin_delete_enabled: false,
      created_at: Date.parse('2020-05-06T07:08:09.000Z'),
      updated_at: Date.parse('2030-01-01T00:00:00Z'),
      public_metadata: { tier: 'gold' },
      private_metadata: { secret: 1 },
      role_set_key: 'role_set:default',
    });
    expect(await t.api.ok('GetOrganization', { params: { organization_id: 'after' } })).toEqual(
      updated,
    );
    await t.api.fail('GetOrganization', { params: { organization_id: 'before' } }, 404);
    const events = (await eventsOf(t, 'organization.updated')).filter((e) => e.id === org.id);
    expect(events.at(-1)).toEqual(updated);
  });

  it('leaves fields sent as null, or not sent, as they are', async () => {
    const org = await createTestOrganization(t.api, {
      name: 'Keep',
      max_allowed_memberships: 7,
      public_metadata: { keep: true },
    });
    const updated = await t.api.ok('UpdateOrganization', {
      params: { organization_id: org.id },
      body: {
        name: null,
        slug: null,
        max_allowed_memberships: null,
        admin_delete_enabled: null,
        created_at: null,
        role_set_key: null,
        public_metadata: null,
      } as never,
    });
    expect(updated).toMatchObject({
      name: 'Keep',
      slug: org.slug,
      max_allowed_memberships: 7,
      admin_delete_enabled: org.admin_delete_enabled,
      created_at: org.created_at,
      public_metadata: { keep: true },
    });
    const same = await t.api.ok('UpdateOrganization', {
      params: { organization_id: org.id },
      body: { slug: org.slug },
    });
    expect(same.slug).toBe(org.slug);
  });

  it('refuses bad input and unknown organizations, changing nothing', async () => {
    const org = await createTestOrganization(t.api, { name: 'Guarded', slug: 'guarded' });
    await createTestOrganization(t.api, { name: 'Taken', slug: 'taken' });
    const params = { organization_id: org.id };
    const fail = (body: Record<string, unknown>, status: number, code?: string) =>
      t.api.fail('UpdateOrganization', { params, body: body as never }, status, code);
    await fail({ slug: 'taken' }, 422, 'form_identifier_exists');
    await fail({ slug: 'Not A Slug' }, 422, 'organization_invalid_slug');
    await fail({ name: '   ' }, 422, 'form_param_missing');
    await fail({ name: '<script>' }, 422, 'form_param_value_invalid');
    await fail({ name: 'x'.repeat(257) }, 422, 'form_param_value_invalid');
    await fail({ max_allowed_memberships: -1 }, 422);
    await fail({ created_at: 'yesterday' }, 422, 'form_param_format_invalid');
    await fail({ role_set_key: 'role_set:nope' }, 422, 'form_param_value_invalid');
    await fail({ nickname: 'x' }, 422, 'form_param_unknown');
    await fail({ public_metadata: { big: 'x'.repeat(9000) } }, 422);
    await t.api.fail(
      'UpdateOrganization',
      { params: { organization_id: 'org_missing' }, body: { name: 'X' } },
      404,
      'resource_not_found',
    );
    const read = await t.api.ok('GetOrganization', { params });
    expect(read).toMatchObject({ name: 'Guarded', slug: 'guarded', updated_at: org.updated_at });
  });

  it('gives a slug to one of several organizations racing for it', async () => {
    const orgs = await Promise.all([1, 2, 3].map(() => createTestOrganization(t.api)));
    const results = await Promise.all(
      orgs.map((org) =>
        t.api.call('UpdateOrganization', {
          params: { organization_id: org.id },
          body: { slug: 'contested' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422]);
    for (const r of results.filter((r) => r.status === 422)) {
      expect(r.body.errors[0].code).toBe('form_identifier_exists');
    }
  });

  it('rejects metadata in the body from API version 2026-05-12 (as @clerk/backend sends)', async () => {
    const org = await createTestOrganization(t.api);
    await t.api.fail(
      'UpdateOrganization',
      {
        params: { organization_id: org.id },
        body: { public_metadata: { a: 1 } },
        headers: { 'clerk-api-version': '2026-05-12' },
      },
      422,
      'form_param_unknown',
    );
    const ok = await t.api.ok('UpdateOrganization', {
      params: { organization_id: org.id },
      body: { name: 'Versioned' },
      headers: { 'clerk-api-version': '2026-05-12' },
    });
    expect(ok.name).toBe('Versioned');
  });

  it('lowers max_allowed_memberships below the members it has: they stay, none joins', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createTestUser(t.api)));
    const org = await createTestOrganization(t.api, { created_by: a!.id });
    await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: b!.id, role: 'org:member' },
    });
    const updated = await t.api.ok('UpdateOrganization', {
      params: { organization_id: org.id },
      body: { max_allowed_memberships: 1 },
    });
    expect(updated.max_allowed_memberships).toBe(1);
    await t.api.fail(
      'CreateOrganizationMembership',
      { params: { organization_id: org.id }, body: { user_id: c!.id, role: 'org:member' } },
      403,
      'organization_membership_quota_exceeded',
    );
    const read = await t.api.ok('GetOrganization', {
      params: { organization_id: org.id },
      query: { include_members_count: true },
    });
    expect(read.members_count).toBe(2);
  });

  it('moves to another role set only when it holds every role members have', async () => {
    const db = t.database.db;
    const now = Date.now();
    const roles = await db
      .selectFrom('roles')
      .select(['id', 'key'])
      .where('instance_id', '=', t.instanceId)
      .execute();
    const admin = roles.find((r) => r.key === 'org:admin')!;
    const member = roles.find((r) => r.key === 'org:member')!;
    const makeSet = async (key: string, roleIds: string[]) => {
      const id = generateId('rs', now);
      await db
        .insertInto('role_sets')
        .values({
          id,
          instance_id: t.instanceId,
          key,
          name: key,
          description: null,
          type: 'custom',
          default_role_id: roleIds[0]!,
          creator_role_id: roleIds[0]!,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const roleId of roleIds) {
        await db
          .insertInto('role_set_roles')
          .values({ role_set_id: id, role_id: roleId, instance_id: t.instanceId, created_at: now })
          .execute();
      }
    };
    await makeSet('role_set:admins_only', [admin.id]);
    await makeSet('role_set:both', [admin.id, member.id]);
    const user = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, { created_by: user.id });
    const other = await createTestUser(t.api);
    await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: other.id, role: 'org:member' },
    });
    const body = await t.api.fail(
      'UpdateOrganization',
      { params: { organization_id: org.id }, body: { role_set_key: 'role_set:admins_only' } },
      422,
      'organization_role_set_missing_roles',
    );
    expect(body.errors[0]!.long_message).toContain('org:member');
    const moved = await t.api.ok('UpdateOrganization', {
      params: { organization_id: org.id },
      body: { role_set_key: 'role_set:both' },
    });
    expect(moved.role_set_key).toBe('role_set:both');
  });
});

describe.each(testDialects())('organization metadata (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
  });

  it('PATCH merges deeply and null removes; PUT replaces; a field not sent stays', async () => {
    const org = await createTestOrganization(t.api, {
      public_metadata: { a: { x: 1, y: 2 }, keep: true },
      private_metadata: { p: 1 },
    });
    const params = { organization_id: org.id };
    const merged = await t.api.ok('MergeOrganizationMetadata', {
      params,
      body: { public_metadata: { a: { y: null, z: 3 }, keep: null, n: [1] } },
    });
    expect(merged.public_metadata).toEqual({ a: { x: 1, z: 3 }, n: [1] });
    expect(merged.private_metadata).toEqual({ p: 1 });
    const replaced = await t.api.ok('ReplaceOrganizationMetadata', {
      params,
      body: { private_metadata: { q: 2 } },
    });
    expect(replaced.public_metadata).toEqual({ a: { x: 1, z: 3 }, n: [1] });
    expect(replaced.private_metadata).toEqual({ q: 2 });
    const cleared = await t.api.ok('ReplaceOrganizationMetadata', {
      params,
      body: { public_metadata: {} },
    });
    expect(cleared.public_metadata).toEqual({});
    const events = (await eventsOf(t, 'organization.updated')).filter((e) => e.id === org.id);
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toEqual(cleared);
  });

  it('refuses unknown organizations, non-objects and metadata over 8 KB', async () => {
    const org = await createTestOrganization(t.api, { public_metadata: { big: 'x'.repeat(8000) } });
    const params = { organization_id: org.id };
    await t.api.fail(
      'MergeOrganizationMetadata',
      { params: { organization_id: 'org_missing' }, body: { public_metadata: {} } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'MergeOrganizationMetadata',
      { params, body: { public_metadata: { more: 'y'.repeat(500) } } },
      422,
      'form_param_exceeds_allowed_size',
    );
    await t.api.fail(
      'ReplaceOrganizationMetadata',
      { params, rawBody: { public_metadata: 1 } },
      422,
    );
    await t.api.fail(
      'MergeOrganizationMetadata',
      { params, rawBody: { unsafe_metadata: {} } },
      422,
    );
    const read = await t.api.ok('GetOrganization', { params });
    expect(read.public_metadata).toEqual({ big: 'x'.repeat(8000) });
    expect(read.updated_at).toBe(org.updated_at);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { eventsOf } from '../sessions/session-helpers.js';

describe.each(testDialects())('changing organization memberships (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableOrganizations(t.api);
  });

  /** An organization created by an admin, with one more member of role `org:member`. */
  async function orgWithMember() {
    const admin = await createTestUser(t.api);
    const member = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, { created_by: admin.id });
    await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: member.id, role: 'org:member' },
    });
    return { admin, member, org };
  }

  const membersCount = async (orgId: string) =>
    (
      await t.api.ok('GetOrganization', {
        params: { organization_id: orgId },
        query: { include_members_count: true },
      })
    ).members_count;

  it('changes a member’s role to another role of the set, with its permissions', async () => {
    const { member, org } = await orgWithMember();
    t.clock.set(Date.UTC(2030, 0, 1));
    const updated = await t.api.ok('UpdateOrganizationMembership', {
      params: { organization_id: org.id, user_id: member.id },
      body: { role: 'org:admin' },
    });
    t.clock.useRealTime();
    expect(updated).toMatchObject({
      object: 'organization_membership',
      role: 'org:admin',
      role_name: 'Admin',
      updated_at: Date.UTC(2030, 0, 1),
      organization: { id: org.id, slug: org.slug },
      public_user_data: { user_id: member.id },
    });
    expect(updated.permissions).toContain('org:sys_memberships:manage');
    const events = await eventsOf(t, 'organizationMembership.updated');
    expect(events.at(-1)).toMatchObject({ id: updated.id, role: 'org:admin' });
    // By slug too.
    const back = await t.api.ok('UpdateOrganizationMembership', {
      params: { organization_id: org.slug, user_id: member.id },
      body: { role: 'org:member' },
    });
    expect(back.permissions).toEqual(['org:sys_memberships:read']);
  });

  it('refuses an unknown role, organization or membership, and a missing role', async () => {
    const { admin, org } = await orgWithMember();
    const stranger = await createTestUser(t.api);
    const params = { organization_id: org.id, user_id: admin.id };
    await t.api.fail(
      'UpdateOrganizationMembership',
      { params, body: { role: 'org:owner' } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'UpdateOrganizationMembership',
      { params, rawBody: {} },
      422,
      'form_param_missing',
    );
    for (const bad of [
      { organization_id: 'org_nope', user_id: admin.id },
      { organization_id: org.id, user_id: stranger.id },
      { organization_id: org.id, user_id: 'user_nope' },
    ]) {
      await t.api.fail(
        'UpdateOrganizationMembership',
        { params: bad, body: { role: 'org:member' } },
        404,
        'resource_not_found',
      );
      await t.api.fail('DeleteOrganizationMembership', { params: bad }, 404, 'resource_not_found');
      await t.api.fail(
        'UpdateOrganizationMembershipMetadata',
        { params: bad, body: { public_metadata: { a: 1 } } },
        404,
        'resource_not_found',
      );
    }
  });

  it('deep-merges metadata; null removes a key; a field not sent stays', async () => {
    const { member, org } = await orgWithMember();
    const params = { organization_id: org.id, user_id: member.id };
    await t.api.ok('UpdateOrganizationMembershipMetadata', {
      params,
      body: { public_metadata: { a: { b: 1, c: 2 }, d: 'x' }, private_metadata: { s: 1 } },
    });
    const merged = await t.api.ok('UpdateOrganizationMembershipMetadata', {
      params,
      body: { public_metadata: { a: { c: null, e: 3 }, d: null } },
    });
    expect(merged.public_metadata).toEqual({ a: { b: 1, e: 3 } });
    expect(merged.private_metadata).toEqual({ s: 1 });
    await t.api.fail(
      'UpdateOrganizationMembershipMetadata',
      { params, body: { public_metadata: { big: 'x'.repeat(9000) } } },
      422,
    );
    await t.api.fail(
      'UpdateOrganizationMembershipMetadata',
      { params, rawBody: { unsafe_metadata: {} } },
      422,
      'form_param_unknown',
    );
    const list = await t.api.ok('ListOrganizationMemberships', {
      params: { organization_id: org.id },
      query: { user_id: [member.id] },
    });
    expect(list.data[0]!.public_metadata).toEqual({ a: { b: 1, e: 3 } });
  });

  it('removes a member: the counter drops, the event carries the membership', async () => {
    const { member, org } = await orgWithMember();
    expect(await membersCount(org.id)).toBe(2);
    const removed = await t.api.ok('DeleteOrganizationMembership', {
      params: { organization_id: org.id, user_id: member.id },
    });
    expect(removed).toMatchObject({ role: 'org:member', public_user_data: { user_id: member.id } });
    expect(await membersCount(org.id)).toBe(1);
    const events = await eventsOf(t, 'organizationMembership.deleted');
    expect(events.at(-1)).toMatchObject({ id: removed.id });
    await t.api.fail(
      'DeleteOrganizationMembership',
      { params: { organization_id: org.id, user_id: member.id } },
      404,
      'resource_not_found',
    );
    // The user can join again.
    await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: member.id, role: 'org:member' },
    });
    expect(await membersCount(org.id)).toBe(2);
  });

  it('keeps a member able to manage members: the last admin can be neither demoted nor removed', async () => {
    const { admin, member, org } = await orgWithMember();
    const adminParams = { organization_id: org.id, user_id: admin.id };
    const updatedBefore = (await eventsOf(t, 'organizationMembership.updated')).length;
    const error = await t.api.fail(
      'UpdateOrganizationMembership',
      { params: adminParams, body: { role: 'org:member' } },
      400,
      'organization_minimum_permissions_needed',
    );
    expect(error.errors[0]!.long_message).toContain('at least one organization member');
    await t.api.fail(
      'DeleteOrganizationMembership',
      { params: adminParams },
      400,
      'organization_minimum_permissions_needed',
    );
    expect(await eventsOf(t, 'organizationMembership.updated')).toHaveLength(updatedBefore);
    // Re-giving the admin role, and demoting a plain member, are allowed.
    await t.api.ok('UpdateOrganizationMembership', {
      params: adminParams,
      body: { role: 'org:admin' },
    });
    await t.api.ok('UpdateOrganizationMembership', {
      params: { organization_id: org.id, user_id: member.id },
      body: { role: 'org:member' },
    });
    // With a second admin, the first can go.
    await t.api.ok('UpdateOrganizationMembership', {
      params: { organization_id: org.id, user_id: member.id },
      body: { role: 'org:admin' },
    });
    await t.api.ok('UpdateOrganizationMembership', {
      params: adminParams,
      body: { role: 'org:member' },
    });
    await t.api.ok('DeleteOrganizationMembership', { params: adminParams });
    expect(await membersCount(org.id)).toBe(1);
  });

  it('lets only one of two admins demoting each other at once succeed (organization lock)', async () => {
    const { admin, member, org } = await orgWithMember();
    await t.api.ok('UpdateOrganizationMembership', {
      params: { organization_id: org.id, user_id: member.id },
      body: { role: 'org:admin' },
    });
    const results = await Promise.all(
      [admin, member].map((u) =>
        t.api.call('UpdateOrganizationMembership', {
          params: { organization_id: org.id, user_id: u.id },
          body: { role: 'org:member' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const admins = await t.api.ok('ListOrganizationMemberships', {
      params: { organization_id: org.id },
      query: { role: ['org:admin'] },
    });
    expect(admins.total_count).toBe(1);
  });

  it('lets an organization without any admin lose its plain members', async () => {
    const user = await createTestUser(t.api);
    const org = await createTestOrganization(t.api);
    await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: user.id, role: 'org:member' },
    });
    await t.api.ok('DeleteOrganizationMembership', {
      params: { organization_id: org.id, user_id: user.id },
    });
    expect(await membersCount(org.id)).toBe(0);
  });
});

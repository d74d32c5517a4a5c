import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

describe.each(testDialects())('creating organizations (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('is refused while organizations are disabled (Clerk’s default)', async () => {
    await t.api.fail(
      'CreateOrganization',
      { body: { name: 'Acme' } },
      403,
      'organization_not_enabled_in_instance',
    );
  });

  it('creates an organization with its creator as admin, found by ID and by slug', async () => {
    await enableOrganizations(t.api);
    const user = await createTestUser(t.api);
    const org = await t.api.ok('CreateOrganization', {
      body: {
        name: 'Acme Inc.',
        created_by: user.id,
        public_metadata: { plan: 'pro' },
        private_metadata: { crm: 42 },
        max_allowed_memberships: 3,
      },
    });
    expect(org).toMatchObject({
      object: 'organization',
      name: 'Acme Inc.',
      slug: 'acme-inc',
      has_image: false,
      max_allowed_memberships: 3,
      public_metadata: { plan: 'pro' },
      private_metadata: { crm: 42 },
      created_by: user.id,
      role_set_key: 'role_set:default',
    });
    expect(org.id).toMatch(/^org_[0-9A-Za-z]{27}$/);
    const bySlug = await t.api.ok('GetOrganization', {
      params: { organization_id: 'acme-inc' },
      query: { include_members_count: true },
    });
    expect(bySlug).toMatchObject({ id: org.id, members_count: 1, pending_invitations_count: 0 });
    const byId = await t.api.ok('GetOrganization', { params: { organization_id: org.id } });
    expect(byId.members_count).toBeUndefined();
  });

  it('generates a free slug for a taken name and refuses a taken or malformed given slug', async () => {
    const first = await createTestOrganization(t.api, { name: 'Same Name' });
    const second = await createTestOrganization(t.api, { name: 'Same Name' });
    expect(first.slug).toBe('same-name');
    expect(second.slug).toMatch(/^same-name-[0-9a-f]{8}$/);
    await t.api.fail(
      'CreateOrganization',
      { body: { name: 'Other', slug: 'same-name' } },
      422,
      'form_identifier_exists',
    );
    for (const slug of ['Upper', 'with space', '-dash', 'a--b']) {
      await t.api.fail(
        'CreateOrganization',
        { body: { name: 'Other', slug } },
        422,
        'organization_invalid_slug',
      );
    }
    for (const name of ['', '   ', '<b>x</b>', 'visit https://x.io', 'x'.repeat(257)]) {
      const res = await t.api.call('CreateOrganization', { body: { name } });
      expect(res.status).toBe(422);
    }
  });

  it('refuses an unknown creator and leaves nothing behind', async () => {
    await t.api.fail(
      'CreateOrganization',
      { body: { name: 'Ghost Org', slug: 'ghost-org', created_by: 'user_missing' } },
      400,
      'resource_not_found',
    );
    await t.api.fail(
      'GetOrganization',
      { params: { organization_id: 'ghost-org' } },
      404,
      'resource_not_found',
    );
  });

  it('adds members with a role of its role set, up to max_allowed_memberships', async () => {
    const org = await createTestOrganization(t.api, { max_allowed_memberships: 2 });
    const [a, b, c] = [
      await createTestUser(t.api),
      await createTestUser(t.api),
      await createTestUser(t.api),
    ];
    const membership = await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: a.id, role: 'org:member', public_metadata: { team: 'x' } },
    });
    expect(membership).toMatchObject({
      object: 'organization_membership',
      role: 'org:member',
      role_name: 'Member',
      permissions: ['org:sys_memberships:read'],
      public_metadata: { team: 'x' },
      organization: { id: org.id },
      public_user_data: { user_id: a.id, identifier: a.email_addresses[0]!.email_address },
    });
    await t.api.fail(
      'CreateOrganizationMembership',
      { params: { organization_id: org.id }, body: { user_id: a.id, role: 'org:member' } },
      400,
      'already_a_member_in_organization',
    );
    await t.api.fail(
      'CreateOrganizationMembership',
      { params: { organization_id: org.id }, body: { user_id: b.id, role: 'org:owner' } },
      404,
      'resource_not_found',
    );
    const admin = await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: b.id, role: 'org:admin' },
    });
    expect(admin.permissions).toContain('org:sys_memberships:manage');
    await t.api.fail(
      'CreateOrganizationMembership',
      { params: { organization_id: org.id }, body: { user_id: c.id, role: 'org:member' } },
      403,
      'organization_membership_quota_exceeded',
    );
  });

  it('never goes over the limit when adds race for the last seat', async () => {
    const org = await createTestOrganization(t.api, { max_allowed_memberships: 1 });
    const users = await Promise.all([1, 2, 3, 4].map(() => createTestUser(t.api)));
    const results = await Promise.all(
      users.map((u) =>
        t.api.call('CreateOrganizationMembership', {
          params: { organization_id: org.id },
          body: { user_id: u.id, role: 'org:member' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 403)).toHaveLength(3);
    const read = await t.api.ok('GetOrganization', {
      params: { organization_id: org.id },
      query: { include_members_count: true },
    });
    expect(read.members_count).toBe(1);
  });
});

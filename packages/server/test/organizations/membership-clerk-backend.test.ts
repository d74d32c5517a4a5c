import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** Organization memberships through the official client, unchanged (COMPAT.md). */
describe.each(testDialects())('@clerk/backend organization memberships (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  it('creates, lists, updates and removes memberships, and lists them per user and instance', async () => {
    const { clerk } = suite;
    await clerk.instance.updateOrganizationSettings({ enabled: true });
    const admin = await clerk.users.createUser({
      emailAddress: [uniqueEmail('admin')],
      firstName: 'Ada',
      password: 'correct-horse-battery-staple',
    });
    const member = await clerk.users.createUser({
      emailAddress: [uniqueEmail('member')],
      firstName: 'Ben',
      password: 'correct-horse-battery-staple',
    });
    const org = await clerk.organizations.createOrganization({
      name: `Compat ${dialect} ${Date.now()}`,
      createdBy: admin.id,
    });
    const created = await clerk.organizations.createOrganizationMembership({
      organizationId: org.id,
      userId: member.id,
      role: 'org:member',
    });
    expect(created.publicUserData?.userId).toBe(member.id);
    expect(created.organization.id).toBe(org.id);

    const list = await clerk.organizations.getOrganizationMembershipList({
      organizationId: org.id,
      orderBy: '+first_name',
    });
    expect(list.totalCount).toBe(2);
    expect(list.data.map((m) => m.publicUserData?.firstName)).toEqual(['Ada', 'Ben']);
    const members = await clerk.organizations.getOrganizationMembershipList({
      organizationId: org.id,
      role: ['org:member'],
    });
    expect(members.data.map((m) => m.publicUserData?.userId)).toEqual([member.id]);

    const promoted = await clerk.organizations.updateOrganizationMembership({
      organizationId: org.id,
      userId: member.id,
      role: 'org:admin',
    });
    expect(promoted.role).toBe('org:admin');
    expect(promoted.permissions).toContain('org:sys_memberships:manage');
    const tagged = await clerk.organizations.updateOrganizationMembershipMetadata({
      organizationId: org.id,
      userId: member.id,
      publicMetadata: { team: 'core' },
    });
    expect(tagged.publicMetadata).toEqual({ team: 'core' });

    const mine = await clerk.users.getOrganizationMembershipList({ userId: member.id });
    expect(mine.totalCount).toBe(1);
    expect(mine.data[0]!.organization.slug).toBe(org.slug);
    const all = await clerk.organizations.getInstanceOrganizationMembershipList({ limit: 1 });
    expect(all.totalCount).toBeGreaterThanOrEqual(2);
    expect(all.data).toHaveLength(1);

    await clerk.organizations.deleteOrganizationMembership({
      organizationId: org.id,
      userId: admin.id,
    });
    // Now Ben is the last admin: removing him is refused with Clerk's error.
    await expect(
      clerk.organizations.deleteOrganizationMembership({
        organizationId: org.id,
        userId: member.id,
      }),
    ).rejects.toMatchObject({
      status: 400,
      errors: [{ code: 'organization_minimum_permissions_needed' }],
    });
    const users = await clerk.users.getUserList({ organizationId: [org.id] });
    expect(users.data.map((u) => u.id)).toEqual([member.id]);
  });
});

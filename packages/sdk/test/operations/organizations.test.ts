import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_AVATAR_PNG } from '../../../server/src/images/default-avatar.js';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('organizations', (s) => {
  beforeAll(() => s.sdk.instanceSettings.updateInstanceOrganizationSettings({ enabled: true }));
  const newUser = () =>
    s.sdk.users.createUser({
      email_address: [uniqueEmail('org')],
      skip_password_requirement: true,
    });

  it('creates, reads, lists, updates and deletes an organization', async () => {
    const owner = await newUser();
    const org = await s.sdk.organizations.createOrganization({
      name: 'Acme',
      slug: `acme-${s.dialect}`,
      created_by: owner.id,
      public_metadata: { tier: 'gold' },
    });
    expect(org).toMatchObject({ object: 'organization', name: 'Acme', slug: `acme-${s.dialect}` });
    const params = { organization_id: org.id };
    expect(await s.sdk.organizations.getOrganization(params)).toMatchObject({ id: org.id });
    // The slug names it too.
    expect((await s.sdk.organizations.getOrganization({ organization_id: org.slug })).id).toBe(
      org.id,
    );
    const listed = await s.sdk.organizations.listOrganizations({ include_members_count: true });
    expect(listed.data.map((o) => [o.id, o.members_count])).toContainEqual([org.id, 1]);
    const updated = await s.sdk.organizations.updateOrganization({
      ...params,
      name: 'Acme Inc',
      max_allowed_memberships: 10,
    });
    expect([updated.id, updated.name, updated.max_allowed_memberships]).toEqual([
      org.id,
      'Acme Inc',
      10,
    ]);
    expect(await s.sdk.organizations.deleteOrganization(params)).toMatchObject({
      object: 'organization',
      id: org.id,
      deleted: true,
    });
    await expectClerkError(s.sdk.organizations.getOrganization(params), 404, 'resource_not_found');
  });

  it('refuses a slug already taken', async () => {
    await s.sdk.organizations.createOrganization({ name: 'One', slug: `taken-${s.dialect}` });
    await expectClerkError(
      s.sdk.organizations.createOrganization({ name: 'Two', slug: `taken-${s.dialect}` }),
      422,
      'form_identifier_exists',
    );
  });

  it('merges and replaces organization metadata', async () => {
    const org = await s.sdk.organizations.createOrganization({
      name: 'Meta',
      public_metadata: { a: 1, b: 2 },
    });
    const merged = await s.sdk.organizations.mergeOrganizationMetadata({
      organization_id: org.id,
      public_metadata: { b: null, c: 3 },
      private_metadata: { internal: true },
    });
    expect([merged.public_metadata, merged.private_metadata]).toEqual([
      { a: 1, c: 3 },
      { internal: true },
    ]);
    const replaced = await s.sdk.organizations.replaceOrganizationMetadata({
      organization_id: org.id,
      public_metadata: { only: 'this' },
    });
    expect([replaced.public_metadata, replaced.private_metadata]).toEqual([
      { only: 'this' },
      { internal: true },
    ]);
  });

  it('uploads a logo as multipart and deletes it', async () => {
    const owner = await newUser();
    const org = await s.sdk.organizations.createOrganization({
      name: 'Logo',
      created_by: owner.id,
    });
    const withLogo = await s.sdk.organizations.uploadOrganizationLogo({
      organization_id: org.id,
      uploader_user_id: owner.id,
      file: new Blob([DEFAULT_AVATAR_PNG], { type: 'image/png' }),
    });
    expect([withLogo.id, withLogo.has_image]).toEqual([org.id, true]);
    const without = await s.sdk.organizations.deleteOrganizationLogo({ organization_id: org.id });
    expect([without.has_image, without.image_url]).toEqual([false, expect.any(String)]);
  });

  it('adds, lists, updates and removes memberships', async () => {
    const [owner, member] = [await newUser(), await newUser()];
    const org = await s.sdk.organizations.createOrganization({
      name: 'Members',
      created_by: owner.id,
    });
    const params = { organization_id: org.id };
    const membership = await s.sdk.organizationMemberships.createOrganizationMembership({
      ...params,
      user_id: member.id,
      role: 'org:member',
    });
    expect([membership.organization.id, membership.public_user_data?.user_id]).toEqual([
      org.id,
      member.id,
    ]);
    const listed = await s.sdk.organizationMemberships.listOrganizationMemberships({
      ...params,
      order_by: '+created_at',
    });
    expect(listed.data.map((m) => [m.public_user_data?.user_id, m.role])).toEqual([
      [owner.id, 'org:admin'],
      [member.id, 'org:member'],
    ]);
    const everywhere = await s.sdk.organizationMemberships.instanceGetOrganizationMemberships({
      limit: 500,
    });
    expect(everywhere.data.map((m) => m.id)).toContain(membership.id);
    const promoted = await s.sdk.organizationMemberships.updateOrganizationMembership({
      ...params,
      user_id: member.id,
      role: 'org:admin',
    });
    expect([promoted.id, promoted.role]).toEqual([membership.id, 'org:admin']);
    const tagged = await s.sdk.organizationMemberships.updateOrganizationMembershipMetadata({
      ...params,
      user_id: member.id,
      public_metadata: { team: 'red' },
    });
    expect(tagged.public_metadata).toEqual({ team: 'red' });
    const removed = await s.sdk.organizationMemberships.deleteOrganizationMembership({
      ...params,
      user_id: member.id,
    });
    expect(removed.id).toBe(membership.id);
    await expectClerkError(
      s.sdk.organizationMemberships.updateOrganizationMembership({
        ...params,
        user_id: member.id,
        role: 'org:member',
      }),
      404,
      'resource_not_found',
    );
  });
});

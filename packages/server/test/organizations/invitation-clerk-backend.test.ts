import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';

/** The official client's organization invitation calls, unchanged (COMPAT.md). */
describe.each(testDialects())('@clerk/backend organization invitations (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  it('creates, bulk-creates, lists, reads and revokes invitations', async () => {
    const { clerk } = suite;
    await fetch(`${suite.apiUrl}/v1/instance/organization_settings`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${suite.server.secretKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ enabled: true }),
    });
    const admin = await clerk.users.createUser({
      emailAddress: ['sdk.admin@example.com'],
      password: 'correct-horse-battery-staple',
    });
    const org = await clerk.organizations.createOrganization({
      name: 'SDK Org',
      createdBy: admin.id,
    });
    const invitation = await clerk.organizations.createOrganizationInvitation({
      organizationId: org.id,
      emailAddress: 'sdk.invitee@example.com',
      role: 'org:member',
      inviterUserId: admin.id,
      publicMetadata: { nestedKey: 1 },
    });
    expect(invitation.id).toMatch(/^orginv_/);
    expect(invitation.status).toBe('pending');
    expect(invitation.publicMetadata).toEqual({ nestedKey: 1 });
    expect(invitation.url).toContain('ticket=');
    const bulk = await clerk.organizations.createOrganizationInvitationBulk(org.id, [
      { emailAddress: 'sdk.b1@example.com', role: 'org:admin' },
      { emailAddress: 'sdk.b2@example.com', role: 'org:member' },
    ]);
    expect(bulk.totalCount).toBe(2);

    const list = await clerk.organizations.getOrganizationInvitationList({
      organizationId: org.id,
      status: ['pending'],
      limit: 2,
    });
    expect(list.totalCount).toBe(3);
    expect(list.data).toHaveLength(2);
    const read = await clerk.organizations.getOrganizationInvitation({
      organizationId: org.id,
      invitationId: invitation.id,
    });
    expect(read.emailAddress).toBe('sdk.invitee@example.com');
    const revoked = await clerk.organizations.revokeOrganizationInvitation({
      organizationId: org.id,
      invitationId: invitation.id,
      requestingUserId: admin.id,
    });
    expect(revoked.status).toBe('revoked');
    const again = await clerk.organizations
      .revokeOrganizationInvitation({ organizationId: org.id, invitationId: invitation.id })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({
      status: 400,
      errors: [{ code: 'organization_invitation_not_pending' }],
    });

    const invitee = await clerk.users.createUser({
      emailAddress: ['sdk.b1@example.com'],
      password: 'correct-horse-battery-staple',
    });
    const mine = await clerk.users.getOrganizationInvitationList({
      userId: invitee.id,
      status: 'pending',
    });
    expect(mine.totalCount).toBe(1);
    expect(mine.data[0]!.emailAddress).toBe('sdk.b1@example.com');
  });
});

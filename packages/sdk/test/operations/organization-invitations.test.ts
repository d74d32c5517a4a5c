import { beforeAll, expect, it } from 'vitest';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('organization-invitations', (s) => {
  let orgId: string;
  let ownerId: string;
  beforeAll(async () => {
    await s.sdk.instanceSettings.updateInstanceOrganizationSettings({ enabled: true });
    const owner = await s.sdk.users.createUser({
      email_address: [uniqueEmail('owner')],
      skip_password_requirement: true,
    });
    ownerId = owner.id;
    orgId = (
      await s.sdk.organizations.createOrganization({ name: 'Inviting', created_by: owner.id })
    ).id;
  });

  it('invites one address, reads and lists the invitation, and revokes it', async () => {
    const email = uniqueEmail('invitee');
    const invitation = await s.sdk.organizationInvitations.createOrganizationInvitation({
      organization_id: orgId,
      email_address: email,
      role: 'org:member',
      inviter_user_id: ownerId,
      public_metadata: { source: 'sdk' },
    });
    expect(invitation).toMatchObject({
      object: 'organization_invitation',
      email_address: email,
      role: 'org:member',
      status: 'pending',
      organization_id: orgId,
      public_metadata: { source: 'sdk' },
    });
    const params = { organization_id: orgId, invitation_id: invitation.id! };
    // The ticket URL is given once, on creation.
    expect(await s.sdk.organizationInvitations.getOrganizationInvitation(params)).toEqual({
      ...invitation,
      url: null,
    });
    const all = await s.sdk.organizationInvitations.listOrganizationInvitations({
      organization_id: orgId,
    });
    expect(all.data.map((i) => i.id)).toContain(invitation.id);
    const pending = await s.sdk.organizationInvitations.listPendingOrganizationInvitations({
      organization_id: orgId,
    });
    expect(pending.data.map((i) => i.id)).toContain(invitation.id);
    const everywhere = await s.sdk.organizationInvitations.listInstanceOrganizationInvitations({
      query: email,
    });
    expect(everywhere.data.map((i) => [i.id, i.public_organization_data?.id])).toEqual([
      [invitation.id, orgId],
    ]);
    const revoked = await s.sdk.organizationInvitations.revokeOrganizationInvitation({
      ...params,
      requesting_user_id: ownerId,
    });
    expect([revoked.id, revoked.status]).toEqual([invitation.id, 'revoked']);
    await expectClerkError(
      s.sdk.organizationInvitations.revokeOrganizationInvitation(params),
      400,
      'organization_invitation_not_pending',
    );
  });

  it('invites several addresses in one bulk request', async () => {
    const emails = [uniqueEmail('bulk'), uniqueEmail('bulk')];
    const created = await s.sdk.organizationInvitations.createOrganizationInvitationBulk({
      organization_id: orgId,
      requestBody: emails.map((email_address) => ({ email_address, role: 'org:member' })),
    });
    expect(created.data.map((i) => [i.email_address, i.status])).toEqual(
      emails.map((e) => [e, 'pending']),
    );
  });

  it('refuses an invitation with an unknown role', async () => {
    await expectClerkError(
      s.sdk.organizationInvitations.createOrganizationInvitation({
        organization_id: orgId,
        email_address: uniqueEmail('norole'),
        role: 'org:nonexistent',
      }),
      404,
      'resource_not_found',
    );
  });
});

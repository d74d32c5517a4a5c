import type { SuccessBody } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../src/errors/clerk-api-error.js';
import {
  acceptOrganizationInvitation,
  findOrganizationInvitationTicket,
} from '../../src/organizations/organization-invitation-service.js';
import type { InvitationKey } from '../../src/organizations/organization-invitation-service.js';
import type { Scope } from '../../src/platform/scope.js';
import { runWrite } from '../../src/platform/write.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import { addTestMember, eventsOf, ticketOf } from './invitation-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDialects())('revoking and accepting organization invitations (%s)', (dialect) => {
  let t: TestInstance;
  let scope: Scope;
  let admin: SuccessBody<'CreateUser'>;
  let org: SuccessBody<'CreateOrganization'>;

  const invite = (body: Record<string, unknown> = {}, organizationId = org.id) =>
    t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: organizationId },
      body: { email_address: uniqueEmail('inv'), role: 'org:member', notify: false, ...body },
    });
  const accept = (key: InvitationKey, userId: string) =>
    runWrite(scope, (tx) => acceptOrganizationInvitation(tx, 'http://localhost', key, userId));
  const codeOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClerkApiError);
    return {
      status: (error as ClerkApiError).status,
      code: (error as ClerkApiError).errors[0]!.code,
    };
  };

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    scope = scopeOn(t.app, { instance: t.instance, clock: t.clock, baseUrl: 'http://localhost' });
    await enableOrganizations(t.api);
    admin = await createTestUser(t.api);
    // Unlimited: the suite invites more than the instance's default of 5.
    org = await createTestOrganization(t.api, { created_by: admin.id, max_allowed_memberships: 0 });
  });

  it('gets an invitation of the organization only', async () => {
    const invitation = await invite();
    const other = await createTestOrganization(t.api);
    await t.api.fail(
      'GetOrganizationInvitation',
      { params: { organization_id: other.id, invitation_id: invitation.id } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'GetOrganizationInvitation',
      { params: { organization_id: org.id, invitation_id: 'orginv_missing' } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'GetOrganizationInvitation',
      { params: { organization_id: 'org_missing', invitation_id: invitation.id } },
      404,
      'resource_not_found',
    );
  });

  it('revokes a pending invitation once, by an administrator, with the event', async () => {
    const member = await createTestUser(t.api);
    await addTestMember(t, org.id, member.id);
    const invitation = await invite();
    const params = { organization_id: org.id, invitation_id: invitation.id };
    await t.api.fail(
      'RevokeOrganizationInvitation',
      { params, body: { requesting_user_id: member.id } },
      403,
      'not_an_admin_in_organization',
    );
    await t.api.fail(
      'RevokeOrganizationInvitation',
      { params, body: { requesting_user_id: 'user_missing' } },
      400,
      'resource_not_found',
    );
    t.clock.set(invitation.created_at + 5000);
    const revoked = await t.api.ok('RevokeOrganizationInvitation', {
      params,
      body: { requesting_user_id: admin.id },
    });
    expect(revoked).toMatchObject({ id: invitation.id, status: 'revoked', url: null });
    expect(revoked.updated_at).toBe(invitation.created_at + 5000);
    const events = await eventsOf(t, 'organizationInvitation.revoked');
    expect(events.at(-1)).toMatchObject({ id: invitation.id, status: 'revoked' });
    await t.api.fail(
      'RevokeOrganizationInvitation',
      { params },
      400,
      'organization_invitation_not_pending',
    );
    await t.api.fail(
      'RevokeOrganizationInvitation',
      { params: { organization_id: org.id, invitation_id: 'orginv_missing' } },
      404,
      'resource_not_found',
    );
    t.clock.useRealTime();
  });

  it('cannot revoke an expired invitation', async () => {
    const invitation = await invite({ expires_in_days: 1 });
    t.clock.set(invitation.expires_at!);
    await t.api.fail(
      'RevokeOrganizationInvitation',
      { params: { organization_id: org.id, invitation_id: invitation.id } },
      400,
      'organization_invitation_not_pending',
    );
    t.clock.useRealTime();
  });

  it('accepts by ticket: a membership with its role and metadata, the event, once', async () => {
    const invitee = await createTestUser(t.api);
    const invitation = await invite({
      email_address: invitee.email_addresses[0]!.email_address,
      role: 'org:admin',
      public_metadata: { team: 'blue' },
      private_metadata: { seat: 7 },
    });
    const { invitation: accepted, membership } = await accept(
      { token: ticketOf(invitation.url) },
      invitee.id,
    );
    expect(accepted).toMatchObject({ id: invitation.id, status: 'accepted', url: null });
    expect(membership).toMatchObject({
      role: 'org:admin',
      public_metadata: { team: 'blue' },
      private_metadata: { seat: 7 },
      organization: { id: org.id },
      public_user_data: { user_id: invitee.id },
    });
    const events = await eventsOf(t, 'organizationInvitation.accepted');
    expect(events.at(-1)).toMatchObject({
      id: invitation.id,
      status: 'accepted',
      user_id: invitee.id,
      data: { public_organization_data: { id: org.id, slug: org.slug } },
    });
    expect((await eventsOf(t, 'organizationMembership.created')).at(-1)).toMatchObject({
      id: membership.id,
    });
    const read = await t.api.ok('GetOrganizationInvitation', {
      params: { organization_id: org.id, invitation_id: invitation.id },
    });
    expect(read.status).toBe('accepted');
    expect(await codeOf(accept({ token: ticketOf(invitation.url) }, invitee.id))).toEqual({
      status: 400,
      code: 'ticket_invalid',
    });
    await t.api.fail(
      'RevokeOrganizationInvitation',
      { params: { organization_id: org.id, invitation_id: invitation.id } },
      400,
      'organization_invitation_not_pending',
    );
  });

  it('finds an invitation by its ticket without redeeming it', async () => {
    const invitation = await invite({ redirect_url: 'https://app.example.com/join' });
    const ticket = ticketOf(invitation.url);
    expect(await findOrganizationInvitationTicket(scope, ticket)).toEqual({
      id: invitation.id,
      organizationId: org.id,
      status: 'pending',
      emailAddress: invitation.email_address,
      redirectUrl: 'https://app.example.com/join',
    });
    t.clock.set(invitation.expires_at!);
    expect((await findOrganizationInvitationTicket(scope, ticket))?.status).toBe('expired');
    t.clock.useRealTime();
    expect(await findOrganizationInvitationTicket(scope, 'unknown-ticket')).toBeUndefined();
  });

  it('accepts by ID, and refuses unknown, revoked and expired invitations', async () => {
    const user = await createTestUser(t.api);
    const byId = await invite();
    const { membership } = await accept({ invitationId: byId.id }, user.id);
    expect(membership.role).toBe('org:member');
    expect(await codeOf(accept({ token: 'not-a-ticket' }, user.id))).toEqual({
      status: 400,
      code: 'ticket_invalid',
    });
    expect(await codeOf(accept({ invitationId: 'orginv_missing' }, user.id))).toEqual({
      status: 404,
      code: 'resource_not_found',
    });
    const revoked = await invite();
    await t.api.ok('RevokeOrganizationInvitation', {
      params: { organization_id: org.id, invitation_id: revoked.id },
    });
    const other = await createTestUser(t.api);
    expect(await codeOf(accept({ token: ticketOf(revoked.url) }, other.id))).toEqual({
      status: 400,
      code: 'ticket_invalid',
    });
    const expiring = await invite({ expires_in_days: 2 });
    t.clock.set(expiring.created_at + 2 * DAY);
    expect(await codeOf(accept({ token: ticketOf(expiring.url) }, other.id))).toEqual({
      status: 400,
      code: 'ticket_expired',
    });
    t.clock.useRealTime();
    // A member cannot accept a second time; nothing of the failed write is left.
    const again = await invite();
    expect(await codeOf(accept({ invitationId: again.id }, user.id))).toEqual({
      status: 400,
      code: 'already_a_member_in_organization',
    });
    const still = await t.api.ok('GetOrganizationInvitation', {
      params: { organization_id: org.id, invitation_id: again.id },
    });
    expect(still.status).toBe('pending');
  });

  it('turns an outstanding invitation into a member within the quota', async () => {
    const limited = await createTestOrganization(t.api, {
      created_by: admin.id,
      max_allowed_memberships: 2,
    });
    const invitee = await createTestUser(t.api);
    const invitation = await invite({}, limited.id);
    await t.api.fail(
      'CreateOrganizationInvitation',
      {
        params: { organization_id: limited.id },
        body: { email_address: uniqueEmail(), role: 'org:member' },
      },
      403,
      'organization_membership_quota_exceeded',
    );
    await accept({ token: ticketOf(invitation.url) }, invitee.id);
    const read = await t.api.ok('GetOrganization', {
      params: { organization_id: limited.id },
      query: { include_members_count: true },
    });
    expect(read).toMatchObject({ members_count: 2, pending_invitations_count: 0 });
  });
});

import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { hashTicketToken } from '../sign-in-tokens/sign-in-token-service.js';
import { addMember } from './membership-writes.js';
import { lockExistingOrganization } from './membership-service.js';
import type { OrganizationMembership } from './organization-mapper.js';
import {
  invitationStateAt,
  publicOrganizationDataOf,
  type InvitationState,
  type OrganizationInvitation,
} from './organization-invitation-mapper.js';
import {
  findInvitationBy,
  lockInvitation,
  updateInvitationStatus,
} from './organization-invitation-store.js';
import { invitationsToApi } from './organization-invitation-view.js';
import { invitationMetadataOf } from './organization-invitation-writes.js';

/** Which invitation to accept: by ID (a server-side accept) or by its ticket (the email's link). */
export type InvitationKey = { invitationId: string } | { token: string };

/**
 * Accepts an invitation for `userId` inside the caller's write (the Frontend API's ticket
 * flow, or a sign-up that used the ticket): the organization is locked first, then the
 * invitation, so accepts, revokes and new invitations of one organization serialize in
 * the same order. A pending, unexpired invitation becomes accepted, once, and the user a
 * member with the invitation's role and metadata (the foundation's `addMember`: unknown
 * user, already a member and the quota are its errors); `organizationInvitation.accepted`
 * carries the invitation with `user_id`. Otherwise: an unknown ticket, or one accepted or
 * revoked, is `ticket_invalid`; an expired one `ticket_expired`; an unknown ID a 404.
 */
export async function acceptOrganizationInvitation(
  tx: WriteTx,
  baseUrl: string,
  key: InvitationKey,
  userId: string,
): Promise<{ invitation: OrganizationInvitation; membership: OrganizationMembership }> {
  const found = await findInvitationBy(
    tx.db,
    tx.instanceId,
    'token' in key ? { tokenHash: hashTicketToken(key.token) } : { id: key.invitationId },
  );
  if (!found) {
    throw 'token' in key
      ? apiErrors.ticketInvalid('is not valid for this instance')
      : apiErrors.notFound('organization_invitation', key.invitationId);
  }
  const organization = await lockExistingOrganization(tx, found.organization_id);
  const row = (await lockInvitation(tx.db, tx.dialect, tx.instanceId, found.id)) ?? found;
  const state = invitationStateAt(row, tx.now);
  if (state === 'expired') throw apiErrors.ticketExpired();
  if (state === 'accepted') throw apiErrors.ticketInvalid('was already used');
  if (state === 'revoked') throw apiErrors.ticketInvalid('was revoked');
  const membership = await addMember(tx, baseUrl, organization, {
    userId,
    userParam: 'user_id',
    roleId: row.role_id,
    ...invitationMetadataOf(row),
  });
  await updateInvitationStatus(tx.db, tx.instanceId, row.id, 'accepted', tx.now);
  const [invitation] = await invitationsToApi(
    { db: tx.db, instanceId: tx.instanceId, baseUrl, now: tx.now },
    [{ ...row, status: 'accepted', updated_at: tx.now }],
  );
  await tx.emit('organizationInvitation.accepted', {
    ...invitation!,
    user_id: userId,
    data: { public_organization_data: publicOrganizationDataOf(baseUrl, organization) },
  });
  return { invitation: invitation!, membership };
}

/** An invitation as its ticket finds it, without redeeming it (the accept link's redirect). */
export interface OrganizationInvitationTicket {
  id: string;
  organizationId: string;
  status: InvitationState;
  emailAddress: string;
  /** Where the link leads; null for the instance's sign-up (or sign-in) page. */
  redirectUrl: string | null;
}

/**
 * Reads the invitation a ticket belongs to, with its status at the scope's time, or
 * `undefined` for a ticket of no organization invitation of the instance: the Frontend API's
 * accept link uses it to send the browser on with `__clerk_ticket` before anyone signs in.
 */
export async function findOrganizationInvitationTicket(
  scope: Scope,
  token: string,
): Promise<OrganizationInvitationTicket | undefined> {
  const row = await findInvitationBy(scope.db, scope.instanceId, {
    tokenHash: hashTicketToken(token),
  });
  if (!row) return undefined;
  return {
    id: row.id,
    organizationId: row.organization_id,
    status: invitationStateAt(row, scope.clock.now()),
    emailAddress: row.email_address,
    redirectUrl: row.redirect_url,
  };
}

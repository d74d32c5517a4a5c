import { recordMessage } from '../messages/message-service.js';
import { invitationEmail } from '../messages/message-templates.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { completeWaitlistEntryOf } from '../waitlist/waitlist-completion.js';
import {
  hashTicketToken,
  newTicketToken,
  redeemableTicket,
  ticketUrl,
} from '../sign-in-tokens/sign-in-token-service.js';
import { invitationRowToApi } from './invitation-input.js';
import {
  DAY_MS,
  DEFAULT_INVITATION_DAYS,
  invitationStatusAt,
  type InvitationStatus,
} from './invitation-status.js';
import {
  findInvitationByTokenHash,
  lockInvitation,
  lockPendingInvitation,
  updateInvitationStatus,
  updateInvitationTicket,
} from './invitation-store.js';
import { lockInvitationEmails, writeInvitation } from './invitation-writes.js';

/** What accepting an invitation gives the Frontend API's sign-up: the address and metadata. */
export interface AcceptedInvitation {
  id: string;
  emailAddress: string;
  publicMetadata: Record<string, unknown>;
  /** Where the invitation's link leads; null for the instance's sign-up page. */
  redirectUrl: string | null;
}

/**
 * Redeems an invitation's ticket inside the caller's write (the Frontend API's sign-up with
 * the `ticket` strategy, which creates the user in the same transaction): a pending,
 * unexpired invitation becomes accepted, once, with `invitation.accepted` (and the address's
 * invited waitlist entry completed, with `waitlistEntry.updated`); anything else
 * throws `ticket_invalid` (unknown, accepted, revoked) or `ticket_expired`, as sign-in
 * tokens do.
 */
export async function acceptInvitationTicket(
  tx: WriteTx,
  token: string,
): Promise<AcceptedInvitation> {
  const row = redeemableTicket(
    await lockInvitation(tx.db, tx.dialect, tx.instanceId, { tokenHash: hashTicketToken(token) }),
    tx.now,
  );
  await updateInvitationStatus(tx.db, tx.instanceId, row.id, 'accepted', tx.now);
  const accepted = invitationRowToApi({ ...row, status: 'accepted', updated_at: tx.now }, tx.now);
  await tx.emit('invitation.accepted', accepted);
  await completeWaitlistEntryOf(tx, accepted, row.email_lower);
  return {
    id: row.id,
    emailAddress: row.email_address,
    publicMetadata: accepted.public_metadata,
    redirectUrl: row.redirect_url,
  };
}

/** An invitation as its ticket finds it, without redeeming it (the accept link's redirect). */
export interface InvitationTicket {
  id: string;
  status: InvitationStatus;
  emailAddress: string;
  redirectUrl: string | null;
}

/**
 * Reads the invitation a ticket belongs to, at the scope's time, or `undefined` for a ticket
 * of no invitation of the instance. The Frontend API's accept link uses it to send the
 * browser to `redirectUrl` (or the sign-up page) with the ticket, before any sign-up.
 */
export async function findInvitationTicket(
  scope: Scope,
  token: string,
): Promise<InvitationTicket | undefined> {
  const row = await findInvitationByTokenHash(scope.db, scope.instanceId, hashTicketToken(token));
  if (!row) return undefined;
  return {
    id: row.id,
    status: invitationStatusAt(row, scope.clock.now()),
    emailAddress: row.email_address,
    redirectUrl: row.redirect_url,
  };
}

/**
 * The invitation an allow-list entry's `notify` sends, in the entry's write: the address's
 * pending invitation if it has one, or a new one (no metadata, Clerk's 30 days). The email
 * carries a fresh ticket: only hashes are kept, so a pending invitation gets a new ticket
 * and its earlier link stops working. Neither a user with the address nor the restrictions
 * stop it, as in Clerk: allow-listing the address is the point. Returns the invitation's ID
 * and the email to deliver once the write commits.
 */
export async function inviteAllowlistedEmail(
  tx: WriteTx,
  scope: Scope,
  email: { address: string; lower: string },
): Promise<{ invitationId: string; message: OutgoingMessage }> {
  await lockInvitationEmails(tx, [email.lower]);
  const pending = await lockPendingInvitation(
    tx.db,
    tx.dialect,
    tx.instanceId,
    email.lower,
    tx.now,
  );
  if (!pending) {
    const written = await writeInvitation(tx, scope.instance, {
      email,
      metadata: '{}',
      redirectUrl: null,
      notify: true,
      ignoreExisting: true,
      expiresInDays: DEFAULT_INVITATION_DAYS,
      templateSlug: 'invitation',
    });
    return { invitationId: written.invitation.id, message: written.message! };
  }
  const token = newTicketToken();
  await updateInvitationTicket(tx.db, tx.instanceId, pending.id, hashTicketToken(token), tx.now);
  const daysLeft = Math.max(1, Math.ceil((pending.expires_at - tx.now) / DAY_MS));
  const message = await recordMessage(
    tx,
    invitationEmail(pending.email_address, ticketUrl(scope.instance, token), {
      slug: 'invitation',
      expiresInDays: daysLeft,
    }),
  );
  return { invitationId: pending.id, message };
}

/**
 * Revokes, in the caller's write, the invitation an allow-list entry sent, when the entry is
 * deleted (as Clerk does): its link stops working with the entry. One already accepted or
 * revoked stays as it is.
 */
export async function revokeAllowlistInvitation(tx: WriteTx, invitationId: string): Promise<void> {
  const row = await lockInvitation(tx.db, tx.dialect, tx.instanceId, { id: invitationId });
  if (!row || row.status !== 'pending') return;
  await updateInvitationStatus(tx.db, tx.instanceId, row.id, 'revoked', tx.now);
  const revoked = invitationRowToApi({ ...row, status: 'revoked', updated_at: tx.now }, tx.now);
  await tx.emit('invitation.revoked', revoked);
}

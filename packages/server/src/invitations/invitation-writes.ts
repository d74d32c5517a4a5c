import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { generateId } from '../ids/generate-id.js';
import { recordMessage } from '../messages/message-service.js';
import { invitationEmail } from '../messages/message-templates.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { ScopeInstance } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { assertIdentifiersAllowed } from '../restrictions/restriction-service.js';
import {
  hashTicketToken,
  newTicketToken,
  ticketUrl,
} from '../sign-in-tokens/sign-in-token-service.js';
import {
  invitationRowToApi,
  type Invitation,
  type PreparedInvitation,
} from './invitation-input.js';
import { DAY_MS } from './invitation-status.js';
import {
  emailBelongsToUser,
  findPendingInvitation,
  insertInvitation,
  lockInvitationEmail,
} from './invitation-store.js';

/** What a create checks of an address before inviting it. */
export interface InvitationChecks {
  /** Refuse an address a user of the instance has (`form_identifier_exists`). */
  existingUser: boolean;
  /** Refuse an address with a pending invitation (`duplicate_record`). */
  pendingInvitation: boolean;
  /** Addresses this request invites before this one (a bulk create's earlier items). */
  invitedEarlier: ReadonlySet<string>;
}

/** Why an address cannot be invited: its errors, and whether it has a pending invitation. */
export interface Refusal {
  errors: ClerkApiError[];
  duplicate: boolean;
}

/**
 * The spec gives CreateInvitation and CreateBulkInvitations no 403: a restriction's refusal
 * (`not_allowed_access`) is answered 400 with the same items.
 */
function asBadRequest(error: ClerkApiError): ClerkApiError {
  return error.status === 403 ? new ClerkApiError(400, error.errors) : error;
}

/**
 * Locks the addresses a write is about to invite, in a fixed order (two bulk creates that
 * share addresses cannot deadlock): until the write ends, no other create checks them.
 */
export async function lockInvitationEmails(tx: WriteTx, emailsLower: string[]): Promise<void> {
  for (const email of [...new Set(emailsLower)].sort()) {
    await lockInvitationEmail(tx.db, tx.dialect, tx.instanceId, email);
  }
}

/**
 * Checks an address in the write (after `lockInvitationEmails`): the instance's restrictions
 * (an address that may not sign up is not invited), then, as `checks` asks, a user who has
 * it and a pending invitation for it.
 */
export async function refusalOf(
  tx: WriteTx,
  invitation: PreparedInvitation,
  checks: InvitationChecks,
): Promise<Refusal> {
  const errors: ClerkApiError[] = [];
  const email = invitation.email.lower;
  try {
    await assertIdentifiersAllowed(tx.db, tx.instanceId, { emails: [email] });
  } catch (error) {
    if (!(error instanceof ClerkApiError)) throw error;
    errors.push(asBadRequest(error));
  }
  if (checks.existingUser && (await emailBelongsToUser(tx.db, tx.instanceId, email))) {
    errors.push(apiErrors.emailTaken());
  }
  const duplicate =
    checks.pendingInvitation &&
    (checks.invitedEarlier.has(email) ||
      (await findPendingInvitation(tx.db, tx.instanceId, email, tx.now)) !== undefined);
  return { errors, duplicate };
}

/** Clerk's `duplicate_record` for addresses with pending invitations, listed in `meta`. */
export function duplicateInvitationsError(addresses: string[]): ClerkApiError {
  const error = apiErrors.invitationDuplicate(addresses.join(', '));
  for (const item of error.errors) item.meta = { ...item.meta, email_addresses: addresses };
  return error;
}

/** A written invitation: its API object (with the ticket's `url`) and its email, if sent. */
export interface WrittenInvitation {
  invitation: Invitation;
  message: OutgoingMessage | undefined;
}

/**
 * Writes an invitation in `tx`: a new ticket (only its hash is stored), the row with its
 * search document, `invitation.created`, and with `notify` the email carrying the link,
 * recorded to be delivered once the write commits.
 */
export async function writeInvitation(
  tx: WriteTx,
  instance: ScopeInstance,
  invitation: PreparedInvitation,
): Promise<WrittenInvitation> {
  const token = newTicketToken();
  const row = {
    id: generateId('inv', tx.now),
    instance_id: tx.instanceId,
    email_address: invitation.email.address,
    email_lower: invitation.email.lower,
    public_metadata: invitation.metadata,
    redirect_url: invitation.redirectUrl,
    token_hash: hashTicketToken(token),
    status: 'pending',
    expires_at: tx.now + invitation.expiresInDays * DAY_MS,
    search_rowid: null,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await insertInvitation(tx.db, tx.dialect, row);
  // The event carries the invitation without its URL: the ticket is never stored in clear.
  const api = invitationRowToApi(row, tx.now);
  await tx.emit('invitation.created', api);
  const url = ticketUrl(instance, token);
  const message = invitation.notify
    ? await recordMessage(
        tx,
        invitationEmail(invitation.email.address, url, {
          slug: invitation.templateSlug,
          expiresInDays: invitation.expiresInDays,
        }),
      )
    : undefined;
  return { invitation: { ...api, url }, message };
}

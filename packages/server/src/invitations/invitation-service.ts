import type { RequestBody, ResponseBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { readIdentifierSettings } from '../instances/instance-config.js';
import { deliverMessages } from '../messages/message-service.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import {
  invitationRowToApi,
  prepareInvitation,
  type Invitation,
  type PreparedInvitation,
} from './invitation-input.js';
import { invitationStatusAt } from './invitation-status.js';
import { findInvitationsByIds } from './invitation-list-store.js';
import { lockInvitation, updateInvitationStatus } from './invitation-store.js';
import {
  duplicateInvitationsError,
  lockInvitationEmails,
  refusalOf,
  writeInvitation,
  type WrittenInvitation,
} from './invitation-writes.js';

export type { Invitation } from './invitation-input.js';
export { listInvitations } from './invitation-list.js';
export * from './invitation-tickets.js';

export type RevokedInvitation = ResponseBody<'RevokeInvitation', '200'>;

/** Clerk invites by email only: an instance with email addresses off cannot be invited to. */
async function assertInvitationsSupported(scope: Scope): Promise<void> {
  const identifiers = await readIdentifierSettings(scope.db, scope.instanceId);
  if (identifiers.email_address === 'off') throw apiErrors.invitationsNotSupported();
}

/**
 * `POST /v1/invitations`. Without `ignore_existing`, an address a user has is
 * `form_identifier_exists` and one with a pending invitation `duplicate_record`; with it,
 * both are invited anyway. An address the instance's restrictions keep out is refused either
 * way. With `notify` (the default) the invitation email is sent once the write commits.
 */
export async function createInvitation(
  scope: Scope,
  input: RequestBody<'CreateInvitation'>,
): Promise<Invitation> {
  await assertInvitationsSupported(scope);
  const written = await runWrite(scope, (tx) => inviteInWrite(tx, scope, input));
  if (written.message) await deliverMessages(scope, [written.message]);
  return written.invitation;
}

/**
 * Invites an address inside the caller's write, with CreateInvitation's checks and writes
 * (InviteWaitlistEntry: the entry changes in the same transaction). Call
 * `assertCanInvite` before the write; deliver the returned message once it has committed.
 */
export async function inviteInWrite(
  tx: WriteTx,
  scope: Scope,
  input: RequestBody<'CreateInvitation'>,
): Promise<WrittenInvitation> {
  const prepared = prepareInvitation(input);
  await lockInvitationEmails(tx, [prepared.email.lower]);
  const refusal = await refusalOf(tx, prepared, {
    existingUser: !prepared.ignoreExisting,
    pendingInvitation: !prepared.ignoreExisting,
    invitedEarlier: new Set<string>(),
  });
  const errors = refusal.duplicate
    ? [...refusal.errors, duplicateInvitationsError([prepared.email.address])]
    : refusal.errors;
  if (errors.length > 0) throw ClerkApiError.combine(errors);
  return writeInvitation(tx, scope.instance, prepared);
}

/** Refuses before any write when the instance cannot invite (email addresses off). */
export async function assertCanInvite(scope: Scope): Promise<void> {
  await assertInvitationsSupported(scope);
}

/** Invitations by ID as the API shows them at `now` (no `url`: the ticket is not kept). */
export async function readInvitationsByIds(
  db: Scope['db'],
  instanceId: string,
  ids: string[],
  now: number,
): Promise<Map<string, Invitation>> {
  if (ids.length === 0) return new Map();
  const rows = await findInvitationsByIds(db, instanceId, ids);
  return new Map(rows.map((row) => [row.id, invitationRowToApi(row, now)]));
}

/** The errors of a bulk create's item, each naming it in `meta.item_index`. */
function ofItem(index: number, errors: ClerkApiError[]): ClerkApiError[] {
  return errors.map(
    (error) =>
      new ClerkApiError(
        error.status,
        error.errors.map((item) => ({ ...item, meta: { ...item.meta, item_index: index } })),
      ),
  );
}

/**
 * `POST /v1/invitations/bulk`: up to 10 invitations, all or none, in one write. A user's
 * address is refused even with `ignore_existing`, which skips only the pending-invitation
 * check (as the spec says); an address twice in the request is a duplicate unless the later
 * item ignores existing ones. Every refusal is answered at once, each naming its item.
 */
export async function createBulkInvitations(
  scope: Scope,
  items: RequestBody<'CreateBulkInvitations'>,
): Promise<Invitation[]> {
  await assertInvitationsSupported(scope);
  const errors: ClerkApiError[] = [];
  const prepared: PreparedInvitation[] = [];
  items.forEach((item, index) => {
    try {
      prepared.push(prepareInvitation(item));
    } catch (error) {
      if (!(error instanceof ClerkApiError)) throw error;
      errors.push(...ofItem(index, [error]));
    }
  });
  if (errors.length > 0) throw ClerkApiError.combine(errors);

  const written = await runWrite(scope, async (tx) => {
    await lockInvitationEmails(
      tx,
      prepared.map((p) => p.email.lower),
    );
    const invitedEarlier = new Set<string>();
    const duplicates: string[] = [];
    for (const [index, invitation] of prepared.entries()) {
      const refusal = await refusalOf(tx, invitation, {
        existingUser: true,
        pendingInvitation: !invitation.ignoreExisting,
        invitedEarlier,
      });
      errors.push(...ofItem(index, refusal.errors));
      if (refusal.duplicate) duplicates.push(invitation.email.address);
      invitedEarlier.add(invitation.email.lower);
    }
    if (duplicates.length > 0) errors.push(duplicateInvitationsError(duplicates));
    if (errors.length > 0) throw ClerkApiError.combine(errors);
    const results = [];
    for (const invitation of prepared) {
      results.push(await writeInvitation(tx, scope.instance, invitation));
    }
    return results;
  });
  const messages = written.flatMap((w) => w.message ?? []);
  if (messages.length > 0) await deliverMessages(scope, messages);
  return written.map((w) => w.invitation);
}

/**
 * `POST /v1/invitations/{id}/revoke`: its link stops working. An accepted invitation is
 * `invitation_already_accepted`, a revoked one `invitation_already_revoked`; a pending one,
 * expired or not, becomes revoked (Clerk refuses only those two).
 */
export async function revokeInvitation(scope: Scope, id: string): Promise<RevokedInvitation> {
  return runWrite(scope, async (tx) => {
    const row = await lockInvitation(tx.db, tx.dialect, tx.instanceId, { id });
    if (!row) throw apiErrors.notFound('invitation', id);
    const status = invitationStatusAt(row, tx.now);
    if (status === 'accepted') throw apiErrors.invitationAlreadyAccepted(id);
    if (status === 'revoked') throw apiErrors.invitationAlreadyRevoked(id);
    await updateInvitationStatus(tx.db, tx.instanceId, id, 'revoked', tx.now);
    const revoked = invitationRowToApi({ ...row, status: 'revoked', updated_at: tx.now }, tx.now);
    await tx.emit('invitation.revoked', revoked);
    return revoked as RevokedInvitation;
  });
}

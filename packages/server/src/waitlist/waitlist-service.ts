import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { normalizeEmail } from '../identifiers/email.js';
import {
  assertCanInvite,
  inviteInWrite,
  readInvitationsByIds,
  type Invitation,
} from '../invitations/invitation-service.js';
import { deliverMessages, recordMessage } from '../messages/message-service.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { waitlistEntryRowToApi, type WaitlistEntry } from './waitlist-mapper.js';
import { waitlistConfirmationEmail } from './waitlist-messages.js';
import {
  deleteWaitlistEntry as deleteEntryRow,
  findWaitlistEntryByEmail,
  insertWaitlistEntryIfNew,
  lockWaitlistEntry,
  updateWaitlistEntry,
  type WaitlistEntryRow,
} from './waitlist-store.js';

export { listWaitlistEntries } from './waitlist-list.js';
export type { WaitlistEntry } from './waitlist-mapper.js';

/** The entry's invitation as read in `tx` (undefined when it has none). */
async function invitationOf(tx: WriteTx, row: WaitlistEntryRow): Promise<Invitation | undefined> {
  if (row.invitation_id === null) return undefined;
  const found = await readInvitationsByIds(tx.db, tx.instanceId, [row.invitation_id], tx.now);
  return found.get(row.invitation_id);
}

/** Locks the entry for the write, or answers 404. */
async function lockExistingEntry(tx: WriteTx, id: string): Promise<WaitlistEntryRow> {
  const row = await lockWaitlistEntry(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound('waitlist_entry', id);
  return row;
}

/**
 * `POST /v1/waitlist_entries`: adds the address as a pending entry (`waitlistEntry.created`)
 * and, with `notify` (the default), emails it a `waitlist_confirmation`. An address already on
 * the waitlist (compared case-insensitively), whatever its status, is answered with its entry
 * as it is: no new entry, event or email.
 */
export async function createWaitlistEntry(
  scope: Scope,
  input: RequestBody<'CreateWaitlistEntry'>,
): Promise<WaitlistEntry> {
  const email = normalizeEmail(input.email_address, 'email_address');
  const notify = input.notify ?? true;
  const written = await runWrite(scope, async (tx) => {
    const row: WaitlistEntryRow = {
      id: generateId('wle', tx.now),
      instance_id: tx.instanceId,
      email_address: email.address,
      email_lower: email.lower,
      status: 'pending',
      invitation_id: null,
      invited_at: 0,
      search_rowid: null,
      created_at: tx.now,
      updated_at: tx.now,
    };
    if (!(await insertWaitlistEntryIfNew(tx.db, tx.dialect, row))) {
      const existing = await findWaitlistEntryByEmail(tx.db, tx.instanceId, email.lower);
      // The unique index guarantees it: the insert found this address's row.
      if (!existing) throw new Error(`waitlist entry for ${email.lower} vanished`);
      return { entry: waitlistEntryRowToApi(existing, await invitationOf(tx, existing)) };
    }
    const entry = waitlistEntryRowToApi(row, undefined);
    await tx.emit('waitlistEntry.created', entry);
    const message = notify
      ? await recordMessage(tx, waitlistConfirmationEmail(email.address))
      : undefined;
    return { entry, message };
  });
  if (written.message) await deliverMessages(scope, [written.message]);
  return written.entry;
}

/**
 * `DELETE /v1/waitlist_entries/{id}`: a pending entry only (any other is a 409: it has an
 * invitation or a decision behind it). The webhooks spec has no event for it.
 */
export async function deleteWaitlistEntry(scope: Scope, id: string) {
  await runWrite(scope, async (tx) => {
    const row = await lockExistingEntry(tx, id);
    if (row.status !== 'pending') {
      throw apiErrors.waitlistEntryNotPending(id, row.status, 'deleted');
    }
    await deleteEntryRow(tx.db, tx.dialect, row);
  });
  return { object: 'waitlist_entry', id, deleted: true as const };
}

/**
 * `POST /v1/waitlist_entries/{id}/invite`: creates an invitation for the entry's address
 * through the Invitations code (its checks, `invitation.created`, and the email under the
 * `waitlist_invitation` template), and marks the entry invited (`waitlistEntry.updated`), in
 * one write. A pending or rejected entry can be invited; an invited one only with
 * `ignore_existing` (a new invitation, as CreateInvitation would make one); a completed one
 * never. The answer's invitation carries its `url` (as CreateInvitation's does); the event's
 * does not.
 */
export async function inviteWaitlistEntry(
  scope: Scope,
  id: string,
  input: RequestBody<'InviteWaitlistEntry'>,
): Promise<WaitlistEntry> {
  const ignoreExisting = input.ignore_existing ?? false;
  await assertCanInvite(scope);
  const written = await runWrite(scope, async (tx) => {
    const row = await lockExistingEntry(tx, id);
    if (row.status === 'completed' || (row.status === 'invited' && !ignoreExisting)) {
      throw apiErrors.waitlistEntryAlreadyInvited(id, row.status);
    }
    const invited = await inviteInWrite(tx, scope, {
      email_address: row.email_address,
      ignore_existing: ignoreExisting,
      notify: true,
      template_slug: 'waitlist_invitation',
    });
    const changes = {
      status: 'invited',
      invitation_id: invited.invitation.id,
      invited_at: tx.now,
      updated_at: tx.now,
    };
    await updateWaitlistEntry(tx.db, tx.instanceId, id, changes);
    const { url, ...withoutUrl } = invited.invitation;
    await tx.emit(
      'waitlistEntry.updated',
      waitlistEntryRowToApi({ ...row, ...changes }, withoutUrl),
    );
    const entry = waitlistEntryRowToApi({ ...row, ...changes }, { ...withoutUrl, url });
    return { entry, message: invited.message };
  });
  if (written.message) await deliverMessages(scope, [written.message]);
  return written.entry;
}

/**
 * `POST /v1/waitlist_entries/{id}/reject`: a pending entry becomes rejected
 * (`waitlistEntry.updated`); any other is a 409. No email: the spec's operation takes no
 * body, so there is no `notify` to ask for one. A rejected entry can still be invited.
 */
export async function rejectWaitlistEntry(scope: Scope, id: string): Promise<WaitlistEntry> {
  return runWrite(scope, async (tx) => {
    const row = await lockExistingEntry(tx, id);
    if (row.status !== 'pending') {
      throw apiErrors.waitlistEntryNotPending(id, row.status, 'rejected');
    }
    const changes = { status: 'rejected', updated_at: tx.now };
    await updateWaitlistEntry(tx.db, tx.instanceId, id, changes);
    const entry = waitlistEntryRowToApi({ ...row, ...changes }, undefined);
    await tx.emit('waitlistEntry.updated', entry);
    return entry;
  });
}

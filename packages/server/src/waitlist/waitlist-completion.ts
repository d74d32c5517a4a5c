import type { Invitation } from '../invitations/invitation-service.js';
import type { WriteTx } from '../platform/write.js';
import { waitlistEntryRowToApi } from './waitlist-mapper.js';
import { lockInvitedEntryByEmail, updateWaitlistEntry } from './waitlist-store.js';

/**
 * Called in the write that accepts an invitation (`acceptInvitationTicket`): the invited
 * waitlist entry of its address, if any, becomes completed, pointing at the accepted
 * invitation (an entry invited twice may be completed by its earlier invitation), with
 * `waitlistEntry.updated`. Imports nothing of the Invitations code at run time, which
 * imports it.
 */
export async function completeWaitlistEntryOf(
  tx: WriteTx,
  accepted: Invitation,
  emailLower: string,
): Promise<void> {
  const row = await lockInvitedEntryByEmail(tx.db, tx.dialect, tx.instanceId, emailLower);
  if (!row) return;
  const changes = { status: 'completed', invitation_id: accepted.id, updated_at: tx.now };
  await updateWaitlistEntry(tx.db, tx.instanceId, row.id, changes);
  await tx.emit('waitlistEntry.updated', waitlistEntryRowToApi({ ...row, ...changes }, accepted));
}

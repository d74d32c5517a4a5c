import type { ResponseBody } from '@castellan/contract';
import type { Invitation } from '../invitations/invitation-service.js';
import type { WaitlistStatus } from './waitlist-list-store.js';
import type { WaitlistEntryRow } from './waitlist-store.js';

export type WaitlistEntry = ResponseBody<'CreateWaitlistEntry', '200'>;

/**
 * An entry's status as the API shows it: as stored, except that an invited entry whose
 * invitation was accepted (its invitee signed up) is `completed`, as Clerk shows it.
 */
export function waitlistStatusOf(
  row: Pick<WaitlistEntryRow, 'status'>,
  invitation: Invitation | undefined,
): WaitlistStatus {
  if (row.status === 'invited' && invitation?.status === 'accepted') return 'completed';
  return row.status as WaitlistStatus;
}

/** The API object; `invitation` is the entry's invitation as read now (no `url`), or null. */
export function waitlistEntryRowToApi(
  row: WaitlistEntryRow,
  invitation: Invitation | undefined,
): WaitlistEntry {
  return {
    object: 'waitlist_entry',
    id: row.id,
    email_address: row.email_address,
    status: waitlistStatusOf(row, invitation),
    // Castellan has no batch actions that lock entries.
    is_locked: false,
    invitation: invitation ?? null,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

import type { ResponseBody } from '@castellan/contract';
import type { Invitation } from '../invitations/invitation-service.js';
import type { WaitlistStatus } from './waitlist-list-store.js';
import type { WaitlistEntryRow } from './waitlist-store.js';

export type WaitlistEntry = ResponseBody<'CreateWaitlistEntry', '200'>;

/** The API object; `invitation` is the entry's invitation as read now (no `url`), or null. */
export function waitlistEntryRowToApi(
  row: WaitlistEntryRow,
  invitation: Invitation | undefined,
): WaitlistEntry {
  return {
    object: 'waitlist_entry',
    id: row.id,
    email_address: row.email_address,
    status: row.status as WaitlistStatus,
    // Castellan has no batch actions that lock entries.
    is_locked: false,
    invitation: invitation ?? null,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

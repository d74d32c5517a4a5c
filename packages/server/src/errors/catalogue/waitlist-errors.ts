import type { CatalogueEntry } from '../catalogue-entry.js';

/** Waitlist entries: a change the entry's status does not allow is a conflict (409). */
export const waitlistErrors = {
  // DeleteWaitlistEntry and RejectWaitlistEntry act on pending entries only.
  waitlistEntryNotPending: {
    code: 'waitlist_entry_not_pending',
    status: 409,
    message: 'waitlist entry is not pending',
    longMessage: 'Waitlist entry %s is %s; only a pending waitlist entry can be %s.',
  },
  // InviteWaitlistEntry on an invited entry (without `ignore_existing`) or a completed one.
  waitlistEntryAlreadyInvited: {
    code: 'waitlist_entry_already_invited',
    status: 409,
    message: 'waitlist entry is already invited',
    longMessage: 'Waitlist entry %s is already %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;

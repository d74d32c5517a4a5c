import { defineRoutes } from '../platform/routes.js';
import {
  createWaitlistEntry,
  deleteWaitlistEntry,
  inviteWaitlistEntry,
  listWaitlistEntries,
  rejectWaitlistEntry,
} from './waitlist-service.js';

/** The waitlist: addresses waiting to be invited to sign up. */
export const waitlistRoutes = defineRoutes({
  ListWaitlistEntries: ({ scope, query }) => listWaitlistEntries(scope, query),
  CreateWaitlistEntry: ({ scope, body }) => createWaitlistEntry(scope, body),
  DeleteWaitlistEntry: ({ scope, params }) => deleteWaitlistEntry(scope, params.waitlist_entry_id),
  InviteWaitlistEntry: ({ scope, params, body }) =>
    inviteWaitlistEntry(scope, params.waitlist_entry_id, body),
  RejectWaitlistEntry: ({ scope, params }) => rejectWaitlistEntry(scope, params.waitlist_entry_id),
});

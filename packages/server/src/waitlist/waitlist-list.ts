import type { RequestQuery } from '@castellan/contract';
import { readInvitationsByIds } from '../invitations/invitation-service.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import {
  countFilteredWaitlistEntries,
  filteredWaitlistEntryIds,
  findWaitlistEntriesByIds,
} from './waitlist-list-store.js';
import { waitlistEntryRowToApi } from './waitlist-mapper.js';

/** What `order_by` may name, each with its `(instance_id, column, id)` index. */
const ORDER_COLUMNS = {
  created_at: 'waitlist_entries.created_at',
  email_address: 'waitlist_entries.email_lower',
  // 0 for entries never invited: first in ascending order, last in descending.
  invited_at: 'waitlist_entries.invited_at',
} as const;

/**
 * `GET /v1/waitlist_entries`: newest first by default; `status` as stored; `query` matches a part of the email address
 * or the ID, case-insensitively (the trigram index). Always `{ data, total_count }`.
 */
export async function listWaitlistEntries(
  scope: Scope,
  query: RequestQuery<'ListWaitlistEntries'>,
) {
  const now = scope.clock.now();
  const ordering = parseOrderBy(query.order_by, ORDER_COLUMNS, '-created_at');
  const filters = { status: query.status, query: query.query };
  const rows = await readPage(
    filteredWaitlistEntryIds(scope.db, scope.dialect, scope.instanceId, filters),
    'waitlist_entries.id',
    ordering,
    pageOf(query),
    (ids) => findWaitlistEntriesByIds(scope.db, scope.instanceId, ids),
  );
  const invitationIds = rows.flatMap((row) => row.invitation_id ?? []);
  const invitations = await readInvitationsByIds(scope.db, scope.instanceId, invitationIds, now);
  const data = rows.map((row) =>
    waitlistEntryRowToApi(
      row,
      row.invitation_id === null ? undefined : invitations.get(row.invitation_id),
    ),
  );
  const total = await countFilteredWaitlistEntries(
    scope.db,
    scope.dialect,
    scope.instanceId,
    filters,
  );
  return paginated(data, total);
}

import type { RequestQuery } from '@castellan/contract';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { arrayOrPaginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import { invitationRowToApi } from './invitation-input.js';
import {
  countFilteredInvitations,
  filteredInvitationIds,
  findInvitationsByIds,
} from './invitation-list-store.js';

/** What `order_by` may name, each with its `(instance_id, column, id)` index. */
const ORDER_COLUMNS = {
  created_at: 'invitations.created_at',
  email_address: 'invitations.email_lower',
  expires_at: 'invitations.expires_at',
} as const;

/**
 * `GET /v1/invitations`: newest first by default (`order_by` also takes `email_address` and
 * `expires_at`); `status` as read now (a pending invitation past `expires_at` is `expired`),
 * and without it every invitation but the revoked ones, as Clerk answers; `query` matches a
 * part of the email address or ID, case-insensitively. A bare array, or
 * `{ data, total_count }` with `paginated=true`.
 */
export async function listInvitations(scope: Scope, query: RequestQuery<'ListInvitations'>) {
  const now = scope.clock.now();
  const ordering = parseOrderBy(query.order_by, ORDER_COLUMNS, '-created_at');
  const filters = { status: query.status, query: query.query };
  const rows = await readPage(
    filteredInvitationIds(scope.db, scope.dialect, scope.instanceId, filters, now),
    'invitations.id',
    ordering,
    pageOf(query),
    (ids) => findInvitationsByIds(scope.db, scope.instanceId, ids),
  );
  const data = rows.map((row) => invitationRowToApi(row, now));
  return arrayOrPaginated(query, data, () =>
    countFilteredInvitations(scope.db, scope.dialect, scope.instanceId, filters, now),
  );
}

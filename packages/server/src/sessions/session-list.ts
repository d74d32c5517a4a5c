import type { RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf, type Ordering } from '../lists/list-params.js';
import { arrayOrPaginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import { countFilteredSessions, filteredSessionIds } from './session-list-store.js';
import { sessionRowToSession } from './session-mapper.js';
import { findSessionsByIds } from './session-store.js';

/** Sessions newest first, as Clerk lists them. */
const NEWEST_FIRST: Ordering = {
  field: 'created_at',
  column: 'sessions.created_at',
  direction: 'desc',
};

/**
 * `GET /v1/sessions`: the sessions of a user or of a client (Clerk requires one of the two
 * since 2024; without either it is a 422), optionally of one status as read now. A bare
 * array, or `{ data, total_count }` with `paginated=true`.
 */
export async function listSessions(scope: Scope, query: RequestQuery<'GetSessionList'>) {
  if (query.client_id === undefined && query.user_id === undefined) {
    throw apiErrors.sessionListFilterMissing();
  }
  const now = scope.clock.now();
  const filters = { clientId: query.client_id, userId: query.user_id, status: query.status };
  const rows = await readPage(
    filteredSessionIds(scope.db, scope.instanceId, filters, now),
    'sessions.id',
    NEWEST_FIRST,
    pageOf(query),
    (ids) => findSessionsByIds(scope.db, scope.instanceId, ids),
  );
  const data = rows.map((row) => sessionRowToSession(row, now));
  return arrayOrPaginated(query, data, () =>
    countFilteredSessions(scope.db, scope.instanceId, filters, now),
  );
}

import type { RequestQuery } from '@castellan/contract';
import { applyStartingAfter, pageOf, parseOrderBy } from '../lists/list-params.js';
import type { Scope } from '../platform/scope.js';
import { resolveCandidates } from './user-candidates.js';
import { hasNoFilters } from './user-filters.js';
import { parseUserFilters } from './user-list-params.js';
import {
  countAllUsers,
  countUserRows,
  findUserPosition,
  listUnfilteredUserRows,
  listUserRows,
  USER_ORDER_COLUMNS,
} from './user-list-store.js';
import { userRowToUser, type User } from './user-mapper.js';
import { readUserView } from './user-view.js';

/**
 * `GET /v1/users`: newest first by default; `starting_after` resumes after a user in
 * `created_at` order.
 */
export async function listUsers(scope: Scope, query: RequestQuery<'GetUserList'>): Promise<User[]> {
  const filters = parseUserFilters(query);
  const ordering = parseOrderBy(query.order_by, USER_ORDER_COLUMNS, '-created_at');
  const page = await applyStartingAfter(pageOf(query), ordering, query.starting_after, {
    resource: 'user',
    cursorFields: ['created_at'],
    findPosition: (id) => findUserPosition(scope.db, scope.instanceId, id),
  });
  const rows =
    hasNoFilters(filters) && page.offset === 0
      ? await listUnfilteredUserRows(scope.db, scope.instanceId, ordering, page)
      : await listUserRows(
          scope.db,
          scope.dialect,
          scope.instanceId,
          await resolveCandidates(scope.db, scope.dialect, scope.instanceId, filters),
          ordering,
          page,
        );
  const view = await readUserView(scope);
  return rows.map((row) => userRowToUser(row, view));
}

/** `GET /v1/users/count`, same filters as the list. */
export async function countUsers(scope: Scope, query: RequestQuery<'GetUsersCount'>) {
  const filters = parseUserFilters(query);
  const total = hasNoFilters(filters)
    ? await countAllUsers(scope.db, scope.instanceId)
    : await countUserRows(
        scope.db,
        scope.dialect,
        scope.instanceId,
        await resolveCandidates(scope.db, scope.dialect, scope.instanceId, filters),
      );
  return { object: 'total_count' as const, total_count: total };
}

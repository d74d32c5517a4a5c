import { paramError } from '../errors/clerk-api-error.js';
import type { UserScope } from './user-context.js';
import { parseUserFilters, parseUserOrder, type UserListQuery } from './user-list-params.js';
import {
  countUsers as countUserRows,
  findUserPosition,
  listUsers as listUserRows,
  type UserPage,
} from './user-list-store.js';
import { userRowToUser, type User } from './user-mapper.js';

/** `GET /v1/users`: newest first by default; `starting_after` is a cursor over `created_at`. */
export async function listUsers(scope: UserScope, query: UserListQuery): Promise<User[]> {
  const filters = parseUserFilters(query);
  const page: UserPage = {
    order: parseUserOrder(query.order_by),
    limit: query.limit ?? 10,
    offset: query.offset ?? 0,
  };
  if (query.starting_after !== undefined) {
    if (page.order.field !== 'created_at') {
      throw paramError(
        'form_param_value_invalid',
        'starting_after',
        'starting_after requires ordering by created_at.',
      );
    }
    if (page.offset !== 0) {
      throw paramError(
        'form_param_value_invalid',
        'starting_after',
        'starting_after cannot be combined with a non-zero offset.',
      );
    }
    const position = await findUserPosition(scope.db, scope.instanceId, query.starting_after);
    if (!position) {
      throw paramError(
        'form_param_value_invalid',
        'starting_after',
        `No user was found with id ${query.starting_after}.`,
      );
    }
    page.after = { createdAt: position.created_at, id: position.id };
  }
  const rows = await listUserRows(scope.db, scope.dialect, scope.instanceId, filters, page);
  return rows.map(userRowToUser);
}

/** `GET /v1/users/count`, same filters as the list. */
export async function countUsers(scope: UserScope, query: UserListQuery) {
  const total = await countUserRows(
    scope.db,
    scope.dialect,
    scope.instanceId,
    parseUserFilters(query),
  );
  return { object: 'total_count' as const, total_count: total };
}

import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { applyUserFilters, hasFilters, type UserFilters } from './user-filters.js';
import { resolveCandidates, searchCondition, SEARCH_FILTERS } from './user-candidates.js';
import { readUserCount, selectUsersWithIdentifications } from './user-store.js';
import type { UserRowWithIdentifications } from './user-rows.js';

/** `order_by` fields and the indexed column each sorts by. */
export const USER_ORDER_COLUMNS = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  email_address: 'primary_email_lower',
  web3wallet: 'primary_web3_lower',
  first_name: 'first_name',
  last_name: 'last_name',
  phone_number: 'primary_phone',
  username: 'username_lower',
  last_active_at: 'last_active_at',
  last_sign_in_at: 'last_sign_in_at',
} as const;

export type UserOrderField = keyof typeof USER_ORDER_COLUMNS;

export interface UserPage {
  order: { field: UserOrderField; direction: 'asc' | 'desc' };
  limit: number;
  offset: number;
  /** Position after which the page starts (`starting_after`), for `created_at` order only. */
  after?: { createdAt: number; id: string };
}

export async function listUsers(
  db: Kysely<Db>,
  dialect: DialectName,
  instanceId: string,
  filters: UserFilters,
  page: UserPage,
): Promise<UserRowWithIdentifications[]> {
  const { ids, rest } = await resolveCandidates(db, dialect, instanceId, filters);
  if (ids?.length === 0) return [];
  const column = `users.${USER_ORDER_COLUMNS[page.order.field]}` as const;
  const dir = page.order.direction;
  // Two steps: the page's IDs first (the ordering index covers them, so skipping `offset`
  // rows never reads a user row), then those users by primary key.
  let q = applyUserFilters(db.selectFrom('users').select('users.id'), db, dialect, instanceId, {
    ...rest,
    ...(ids ? { candidateIds: ids } : {}),
  });
  if (page.after) {
    const { createdAt, id } = page.after;
    q = q.where(
      dir === 'desc'
        ? sql<boolean>`(users.created_at, users.id) < (${createdAt}, ${id})`
        : sql<boolean>`(users.created_at, users.id) > (${createdAt}, ${id})`,
    );
  }
  q = q.orderBy(column, dir).orderBy('users.id', dir).limit(page.limit);
  if (page.offset > 0) q = q.offset(page.offset);
  const pageIds = (await q.execute()).map((r) => r.id);
  if (pageIds.length === 0) return [];
  const rows = await applyUserFilters(selectUsersWithIdentifications(db), db, dialect, instanceId, {
    candidateIds: pageIds,
  }).execute();
  const position = new Map(pageIds.map((id, i) => [id, i]));
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

/** Counts matching users; the unfiltered count is read from a counter kept in each write. */
export async function countUsers(
  db: Kysely<Db>,
  dialect: DialectName,
  instanceId: string,
  filters: UserFilters,
): Promise<number> {
  if (!hasFilters(filters)) return readUserCount(db, instanceId);
  const { ids, rest } = await resolveCandidates(db, dialect, instanceId, filters);
  if (ids?.length === 0) return 0;
  if (!ids) {
    const searchOnly = countSearchOnly(db, dialect, instanceId, rest);
    if (searchOnly) return searchOnly;
  }
  const q = applyUserFilters(
    db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')),
    db,
    dialect,
    instanceId,
    { ...rest, ...(ids ? { candidateIds: ids } : {}) },
  );
  const row = await q.executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function findUserPosition(db: Kysely<Db>, instanceId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['created_at', 'id'])
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
}

/**
 * A count whose only filter is a broad search is counted on the search documents alone
 * (one row per user), without visiting the users.
 */
function countSearchOnly(
  db: Kysely<Db>,
  dialect: DialectName,
  instanceId: string,
  rest: UserFilters,
) {
  const keys = Object.keys(rest) as (keyof UserFilters)[];
  if (keys.length !== 1) return undefined;
  const search = SEARCH_FILTERS.find(([key]) => key === keys[0]);
  const term = search ? rest[search[0]] : undefined;
  const condition = search && term ? searchCondition(dialect, search[1], term) : undefined;
  if (!condition) return undefined;
  return db
    .selectFrom('user_search')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('instance_id', '=', instanceId)
    .where(condition)
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.count));
}

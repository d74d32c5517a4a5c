import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { escapeLike } from '../db/values.js';
import { usersHoldingIdentifiers } from './identification-tables.js';
import type { UserFilters } from './user-filters.js';

/** A search matching more users than this stays a filter; fewer become an ID list. */
export const NARROW_SEARCH_LIMIT = 1000;

export const SEARCH_FILTERS = [
  ['query', 'all'],
  ['emailQuery', 'emails'],
  ['phoneQuery', 'phones'],
  ['usernameQuery', 'username'],
  ['nameQuery', 'names'],
] as const;

export type SearchColumn = (typeof SEARCH_FILTERS)[number][1];

/**
 * The condition on `user_search` for a partial, case-insensitive match. SQLite: a phrase
 * query on the FTS5 trigram index (an exact substring for 3+ characters; null below, where
 * the trigram index cannot answer). PostgreSQL: ILIKE, answered by pg_trgm GIN indexes.
 */
export function searchCondition(dialect: DialectName, column: SearchColumn, term: string) {
  const needle = term.toLowerCase();
  if (dialect === 'sqlite') {
    if ([...needle].length < 3) return undefined;
    const phrase = `"${needle.replace(/"/g, '""')}"`;
    return sql<boolean>`user_search match ${column === 'all' ? phrase : `${column} : ${phrase}`}`;
  }
  const expr =
    column === 'all'
      ? sql`(emails || ' ' || phones || ' ' || username || ' ' || names || ' ' || other)`
      : sql.ref(column);
  return sql<boolean>`${expr} ilike ${`%${escapeLike(needle)}%`} escape '\\'`;
}

export interface Candidates {
  /** The users every resolved filter allows (undefined: no filter was resolved). */
  ids?: string[];
  /** The filters left to apply in the main query. */
  rest: UserFilters;
}

function intersect(current: string[] | undefined, next: string[]): string[] {
  if (!current) return [...new Set(next)];
  const keep = new Set(next);
  return current.filter((id) => keep.has(id));
}

/**
 * Filters that name few users — exact identifiers, included user IDs, searches matching at
 * most NARROW_SEARCH_LIMIT users — are resolved first, each through its own index, into one
 * list of user IDs. The main query then reads those users by primary key instead of walking
 * the ordering index and testing each user (which, at a million users, costs seconds when
 * the planner guesses wrong).
 */
export async function resolveCandidates(
  db: Kysely<Db>,
  dialect: DialectName,
  instanceId: string,
  filters: UserFilters,
): Promise<Candidates> {
  const rest: UserFilters = { ...filters };
  let ids: string[] | undefined;
  for (const kind of ['emails', 'phones', 'wallets'] as const) {
    const keys = filters[kind];
    if (!keys) continue;
    const rows = await usersHoldingIdentifiers(db, kind, instanceId, keys).execute();
    ids = intersect(
      ids,
      rows.map((r) => r.user_id),
    );
    delete rest[kind];
  }
  if (filters.usernames) {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where('username_lower', 'in', filters.usernames.length ? filters.usernames : [''])
      .execute();
    ids = intersect(
      ids,
      rows.map((r) => r.id),
    );
    delete rest.usernames;
  }
  if (filters.externalIds?.include.length) {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where('external_id', 'in', filters.externalIds.include)
      .execute();
    ids = intersect(
      ids,
      rows.map((r) => r.id),
    );
    rest.externalIds = { include: [], exclude: filters.externalIds.exclude };
  }
  if (filters.userIds?.include.length) {
    ids = intersect(ids, filters.userIds.include);
    rest.userIds = { include: [], exclude: filters.userIds.exclude };
  }
  for (const [key, column] of SEARCH_FILTERS) {
    const term = filters[key];
    const condition = term === undefined ? undefined : searchCondition(dialect, column, term);
    if (!condition) continue;
    const rows = await db
      .selectFrom('user_search')
      .select('user_id')
      .where('instance_id', '=', instanceId)
      .where(condition)
      .limit(NARROW_SEARCH_LIMIT + 1)
      .execute();
    if (rows.length > NARROW_SEARCH_LIMIT) continue;
    ids = intersect(
      ids,
      rows.map((r) => r.user_id),
    );
    delete rest[key];
  }
  return ids ? { ids, rest } : { rest };
}

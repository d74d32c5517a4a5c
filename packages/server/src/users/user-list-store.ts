import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import type { Cursor, Ordering, Page } from '../lists/list-params.js';
import { compileTablePage, readTablePage } from '../lists/page-query.js';
import { compileOnce } from '../db/compiled-query.js';
import { applyResidualFilters, COLUMN_FILTERS, type ResidualFilters } from './user-filters.js';
import type { UserRowWithIdentifications } from './user-rows.js';
import { isPrefixTerm, prefixMatchUnion } from './user-prefix-search.js';
import { cachedSearchCount } from './user-search-counts.js';
import { userSearchIndex } from './user-search.js';
import { readUserCount, selectUsersWithIdentifications } from './user-store.js';

/** `order_by` fields of the user list and the indexed column each sorts by. */
export const USER_ORDER_COLUMNS = {
  created_at: 'users.created_at',
  updated_at: 'users.updated_at',
  email_address: 'users.primary_email_lower',
  web3wallet: 'users.primary_web3_lower',
  first_name: 'users.first_name',
  last_name: 'users.last_name',
  phone_number: 'users.primary_phone',
  username: 'users.username_lower',
  last_active_at: 'users.last_active_at',
  last_sign_in_at: 'users.last_sign_in_at',
} as const;

export type UserOrderField = keyof typeof USER_ORDER_COLUMNS;

/** One page of users, through the ordering index (`readTablePage`). */
export async function listUserRows(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: ResidualFilters,
  ordering: Ordering<UserOrderField>,
  page: Page,
): Promise<UserRowWithIdentifications[]> {
  if (filters.candidateIds?.length === 0) return [];
  const ids = applyResidualFilters(
    db.selectFrom('users').select('users.id'),
    dialect,
    instanceId,
    filters,
  );
  return readTablePage(ids, 'users', ordering, page, (pageIds) =>
    applyResidualFilters(selectUsersWithIdentifications(db), dialect, instanceId, {
      candidateIds: pageIds,
      excludedExternalIds: [],
      excludedUserIds: [],
      matchesNone: false,
      searches: [],
    }).execute(),
  );
}

/**
 * The page `listUserRows` reads when no filter is given and no row is skipped (the first
 * page, or one after a cursor): the instance's users in the ordering index's order.
 */
const unfilteredPage = compileTablePage<UserRowWithIdentifications, 'instance'>(
  'users',
  (db, _key, instanceId) =>
    db.selectFrom('users').select('users.id').where('users.instance_id', '=', instanceId),
);

/** `listUserRows` without filters or `offset`: one statement, compiled once per shape. */
export function listUnfilteredUserRows(
  db: Kysely<Db>,
  instanceId: string,
  ordering: Ordering<UserOrderField>,
  page: Pick<Page, 'limit' | 'after'>,
): Promise<UserRowWithIdentifications[]> {
  return unfilteredPage(db, 'instance', instanceId, ordering, page);
}

/** Counts the users matching the residual filters. */
export async function countUserRows(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: ResidualFilters,
): Promise<number> {
  if (filters.candidateIds?.length === 0) return 0;
  const searchOnly = countSearchOnly(db, dialect, instanceId, filters);
  if (searchOnly) return searchOnly;
  const row = await applyResidualFilters(
    db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')),
    dialect,
    instanceId,
    filters,
    'count',
  ).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The unfiltered count, from the counter every create and delete keeps. */
export function countAllUsers(db: Kysely<Db>, instanceId: string): Promise<number> {
  return readUserCount(db, instanceId);
}

const positionOf = compileOnce(
  (db, userId: string, instanceId: string) =>
    (db as Kysely<Db>)
      .selectFrom('users')
      .select(['created_at', 'id'])
      .where('id', '=', userId)
      .where('instance_id', '=', instanceId),
  2,
);

/** Where a user sits in `created_at` order (for `starting_after`). */
export async function findUserPosition(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<Cursor | undefined> {
  const [row] = await positionOf(db, userId, instanceId);
  return row && { value: row.created_at, id: row.id };
}

/**
 * A count whose only filter is one search is counted without visiting the users: a prefix
 * term (1–2 characters) counts the union of its index ranges; a longer term counts the
 * search documents (one per user) the trigram index finds.
 */
function countSearchOnly(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  f: ResidualFilters,
): Promise<number> | undefined {
  const onlySearch =
    f.candidateIds === undefined &&
    f.excludedExternalIds.length === 0 &&
    f.excludedUserIds.length === 0 &&
    !f.matchesNone &&
    f.organizations === undefined &&
    f.searches.length === 1 &&
    COLUMN_FILTERS.every((key) => f[key] === undefined);
  if (!onlySearch) return undefined;
  const { column, term } = f.searches[0]!;
  const version = sql<
    string | number | null
  >`(select search_version from user_counts where instance_id = ${instanceId})`;
  let count: RawBuilder<number>;
  if (isPrefixTerm(term)) {
    count = sql<number>`(select count(*) from (${prefixMatchUnion(instanceId, column, term)}) as m)`;
  } else {
    const condition = userSearchIndex(dialect).indexedMatch(column, term);
    if (!condition) return undefined;
    // Testing each match's instance reads its whole document (SQLite: the FTS content row).
    // When this instance holds every user there is, every document is one of its users', so
    // the matches are counted without that test. Both counters are read in the same statement
    // as the documents, so they agree with them: a user, its document and the counter change
    // in one transaction.
    const all = sql`(select sum(count) from user_counts)`;
    const own = sql`(select count from user_counts where instance_id = ${instanceId})`;
    const matches = db
      .selectFrom('user_search')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where(condition);
    count = sql<number>`(case when ${all} = ${own} then (${matches}) else (${matches.where(
      'instance_id',
      '=',
      instanceId,
    )}) end)`;
  }
  // The version in the same statement as the count: both from one snapshot.
  return cachedSearchCount(db, instanceId, `${column}\u0000${term}`, async () => {
    const row = await db
      .selectNoFrom([version.as('version'), count.as('count')])
      .executeTakeFirstOrThrow();
    return { version: row.version, count: Number(row.count) };
  });
}

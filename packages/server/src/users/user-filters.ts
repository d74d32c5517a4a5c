import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DialectName } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { usersHoldingIdentifiers } from './identification-tables.js';
import { searchCondition, type SearchColumn } from './user-candidates.js';

/** The filters `GetUserList` and `GetUsersCount` share, already normalized by the service. */
export interface UserFilters {
  /** Users already resolved from the selective filters (see user-candidates.ts). */
  candidateIds?: string[];
  emails?: string[];
  phones?: string[];
  externalIds?: { include: string[]; exclude: string[] };
  usernames?: string[];
  wallets?: string[];
  userIds?: { include: string[]; exclude: string[] };
  organizationIds?: { include: string[]; exclude: string[] };
  provider?: { provider: string; providerUserIds: string[] };
  query?: string;
  emailQuery?: string;
  phoneQuery?: string;
  usernameQuery?: string;
  nameQuery?: string;
  banned?: boolean;
  lastActiveBefore?: number;
  lastActiveAfter?: number;
  createdBefore?: number;
  createdAfter?: number;
  lastSignInBefore?: number;
  lastSignInAfter?: number;
}

type UsersQuery<O> = SelectQueryBuilder<Db, 'users', O>;

/** Users whose search document matches (used for broad searches the candidates step left). */
function searchMatch(dialect: DialectName, column: SearchColumn, term: string) {
  return (eb: ExpressionBuilder<Db, 'users'>) => {
    const condition = searchCondition(dialect, column, term);
    if (dialect === 'postgres') {
      return eb(
        'users.id',
        'in',
        sql<string>`(select user_id from user_search where ${condition})`,
      );
    }
    if (condition) {
      return eb(
        'users.search_rowid',
        'in',
        sql<number>`(select rowid from user_search where ${condition})`,
      );
    }
    // Under 3 characters the trigram index cannot answer: scan the documents.
    const needle = term.toLowerCase();
    const haystack =
      column === 'all'
        ? sql`emails || ' ' || phones || ' ' || username || ' ' || names || ' ' || other`
        : sql.ref(column);
    return eb(
      'users.search_rowid',
      'in',
      sql<number>`(select rowid from user_search where instr(${haystack}, ${needle}) > 0)`,
    );
  };
}

export function applyUserFilters<O>(
  q: UsersQuery<O>,
  db: Kysely<Db>,
  dialect: DialectName,
  instanceId: string,
  f: UserFilters,
): UsersQuery<O> {
  if (f.candidateIds) {
    // Read the candidates by primary key. In SQLite the unary + keeps the planner from
    // walking an (instance_id, …) index instead: every user of the instance matches it.
    q = q.where('users.id', 'in', f.candidateIds.length ? f.candidateIds : ['']);
    q =
      dialect === 'sqlite'
        ? q.where(sql`+users.instance_id`, '=', instanceId)
        : q.where('users.instance_id', '=', instanceId);
  } else {
    q = q.where('users.instance_id', '=', instanceId);
  }
  for (const kind of ['emails', 'phones', 'wallets'] as const) {
    const keys = f[kind];
    if (!keys) continue;
    const holders = usersHoldingIdentifiers(db, kind, instanceId, keys)
      .clearSelect()
      .select('user_id');
    q = q.where('users.id', 'in', holders);
  }
  if (f.usernames)
    q = q.where('users.username_lower', 'in', f.usernames.length ? f.usernames : ['']);
  if (f.externalIds) {
    const { include, exclude } = f.externalIds;
    if (include.length) q = q.where('users.external_id', 'in', include);
    if (exclude.length) {
      q = q.where((eb) =>
        eb.or([eb('users.external_id', 'is', null), eb('users.external_id', 'not in', exclude)]),
      );
    }
  }
  if (f.userIds) {
    const { include, exclude } = f.userIds;
    if (include.length) q = q.where('users.id', 'in', include);
    if (exclude.length) q = q.where('users.id', 'not in', exclude);
  }
  // No organization memberships and no external accounts exist yet: a user can match an
  // included organization or provider account only once those land, so an inclusion
  // matches no one, and an exclusion excludes no one.
  if (f.organizationIds?.include.length || f.provider) q = q.where(sql<boolean>`1 = 0`);
  if (f.query) q = q.where(searchMatch(dialect, 'all', f.query));
  if (f.emailQuery) q = q.where(searchMatch(dialect, 'emails', f.emailQuery));
  if (f.phoneQuery) q = q.where(searchMatch(dialect, 'phones', f.phoneQuery));
  if (f.usernameQuery) q = q.where(searchMatch(dialect, 'username', f.usernameQuery));
  if (f.nameQuery) q = q.where(searchMatch(dialect, 'names', f.nameQuery));
  if (f.banned !== undefined) q = q.where('users.banned', '=', f.banned);
  if (f.lastActiveBefore !== undefined)
    q = q.where('users.last_active_at', '<', f.lastActiveBefore);
  if (f.lastActiveAfter !== undefined) q = q.where('users.last_active_at', '>', f.lastActiveAfter);
  if (f.createdBefore !== undefined) q = q.where('users.created_at', '<', f.createdBefore);
  if (f.createdAfter !== undefined) q = q.where('users.created_at', '>', f.createdAfter);
  if (f.lastSignInBefore !== undefined)
    q = q.where('users.last_sign_in_at', '<', f.lastSignInBefore);
  if (f.lastSignInAfter !== undefined) q = q.where('users.last_sign_in_at', '>', f.lastSignInAfter);
  return q;
}

export function hasFilters(f: UserFilters): boolean {
  return Object.values(f).some((v) => v !== undefined);
}

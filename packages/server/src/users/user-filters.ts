import { sql, type SelectQueryBuilder } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import type { SearchColumn } from '../db/search-index.js';
import { isPrefixTerm, prefixMatchUnion, prefixRowMatch } from './user-prefix-search.js';
import { USER_SEARCH_OWNER, userSearchIndex } from './user-search.js';

export interface IncludeExclude {
  include: string[];
  exclude: string[];
}

/** The filters `GetUserList` and `GetUsersCount` share, normalized from the query. */
export interface UserFilters {
  emails?: string[];
  phones?: string[];
  wallets?: string[];
  usernames?: string[];
  externalIds?: IncludeExclude;
  userIds?: IncludeExclude;
  organizationIds?: IncludeExclude;
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

/** A search the candidates step left to the main query: it matches too many users to list. */
export interface BroadSearch {
  column: SearchColumn;
  term: string;
}

/** The filters tested on the user row's own columns; they reach the main query as they are. */
export const COLUMN_FILTERS = [
  'banned',
  'lastActiveBefore',
  'lastActiveAfter',
  'createdBefore',
  'createdAfter',
  'lastSignInBefore',
  'lastSignInAfter',
] as const;

/**
 * What reaches the page and count queries once the selective filters (identifiers, included
 * IDs, narrow searches) are resolved into `candidateIds` (see user-candidates.ts): only
 * conditions that are cheap to test on each user read through an index are left.
 */
export interface ResidualFilters extends Pick<UserFilters, (typeof COLUMN_FILTERS)[number]> {
  /** The only users that can match (undefined: no selective filter was given). */
  candidateIds?: string[];
  excludedExternalIds: string[];
  excludedUserIds: string[];
  /** Included provider accounts: no user has any yet, so none matches. */
  matchesNone: boolean;
  /** Members of any included organization; no member of an excluded one (`organization_id`). */
  organizations?: IncludeExclude;
  searches: BroadSearch[];
}

type UsersQuery<O> = SelectQueryBuilder<Db, 'users', O>;

/**
 * Restricts a query on `users` to the instance and the residual filters. A `list` walks an
 * ordering index and stops after a page, so searches test each walked user's own document
 * (or, for prefix terms, its own columns and identifications); a `count` visits every match,
 * so searches are sets read from their indexes.
 */
export function applyResidualFilters<O>(
  q: UsersQuery<O>,
  dialect: DialectAdapter,
  instanceId: string,
  f: ResidualFilters,
  use: 'list' | 'count' = 'list',
): UsersQuery<O> {
  if (f.candidateIds) {
    // Read the candidates by primary key; keep the planner off the (instance_id, …)
    // indexes, which every user of the instance matches.
    q = q
      .where('users.id', 'in', f.candidateIds.length ? f.candidateIds : [''])
      .where(dialect.unindexed('users.instance_id'), '=', instanceId);
  } else {
    q = q.where('users.instance_id', '=', instanceId);
  }
  if (f.excludedExternalIds.length) {
    const excluded = f.excludedExternalIds;
    q = q.where((eb) =>
      eb.or([eb('users.external_id', 'is', null), eb('users.external_id', 'not in', excluded)]),
    );
  }
  if (f.excludedUserIds.length) q = q.where('users.id', 'not in', f.excludedUserIds);
  // No external accounts exist yet: a user can match a provider account only once they land.
  if (f.matchesNone) q = q.where(sql<boolean>`1 = 0`);
  const organizations = f.organizations;
  if (organizations?.include.length) {
    // Read through the memberships' (organization_id, user_id) index.
    q = q.where((eb) =>
      eb(
        'users.id',
        'in',
        eb
          .selectFrom('organization_memberships')
          .select('organization_memberships.user_id')
          .where('organization_memberships.instance_id', '=', instanceId)
          .where('organization_memberships.organization_id', 'in', organizations.include),
      ),
    );
  }
  if (organizations?.exclude.length) {
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('organization_memberships')
            .select('organization_memberships.id')
            .whereRef('organization_memberships.user_id', '=', 'users.id')
            .where('organization_memberships.organization_id', 'in', organizations.exclude),
        ),
      ),
    );
  }
  const search = userSearchIndex(dialect);
  // Lists walk an index and test each user they reach; so does a count of a few candidates
  // (an email filter with a broad term: testing the one candidate, not counting ~1M matches).
  const perRow = use === 'list' || f.candidateIds !== undefined;
  for (const { column, term } of f.searches) {
    if (isPrefixTerm(term)) {
      q = perRow
        ? q.where(prefixRowMatch(dialect, instanceId, column, term))
        : q.where(sql<boolean>`users.id in (${prefixMatchUnion(instanceId, column, term)})`);
    } else {
      q = q.where(
        perRow && search.ownerRowMatch
          ? search.ownerRowMatch(USER_SEARCH_OWNER, column, term)
          : search.ownerMatch(USER_SEARCH_OWNER, instanceId, column, term),
      );
    }
  }
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

/** True when no filter at all was given (the count can read the instance's counter). */
export function hasNoFilters(f: UserFilters): boolean {
  return Object.values(f).every((v) => v === undefined);
}

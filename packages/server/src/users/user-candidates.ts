import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { usersHoldingIdentifiers } from './identification-tables.js';
import {
  COLUMN_FILTERS,
  type BroadSearch,
  type ResidualFilters,
  type UserFilters,
} from './user-filters.js';
import { isPrefixTerm, probePrefixMatches } from './user-prefix-search.js';
import { SEARCH_FILTERS, userSearchIndex } from './user-search.js';

/** A search matching more users than this stays a filter; fewer become an ID list. */
export const NARROW_SEARCH_LIMIT = 1000;

function intersect(current: string[] | undefined, next: string[]): string[] {
  if (!current) return [...new Set(next)];
  const keep = new Set(next);
  return current.filter((id) => keep.has(id));
}

/**
 * Filters that name few users — exact identifiers, included user and external IDs,
 * searches matching at most NARROW_SEARCH_LIMIT users — are resolved first, each through its
 * own index, into one list of candidate IDs (on PostgreSQL, substring searches stay filters:
 * its planner estimates them from pg_trgm's statistics). The main query then reads those users by
 * primary key instead of walking the ordering index and testing each user (which, at a
 * million users, costs seconds when the planner guesses wrong). What is left is returned
 * as residual filters, which the type keeps to conditions the main query can test.
 */
export async function resolveCandidates(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  f: UserFilters,
): Promise<ResidualFilters> {
  let ids: string[] | undefined;
  for (const kind of ['emails', 'phones', 'wallets'] as const) {
    const keys = f[kind];
    if (!keys) continue;
    const rows = await usersHoldingIdentifiers(db, kind, instanceId, keys).execute();
    ids = intersect(
      ids,
      rows.map((r) => r.user_id),
    );
  }
  if (f.usernames) {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where('username_lower', 'in', f.usernames.length ? f.usernames : [''])
      .execute();
    ids = intersect(
      ids,
      rows.map((r) => r.id),
    );
  }
  if (f.externalIds?.include.length) {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where('external_id', 'in', f.externalIds.include)
      .execute();
    ids = intersect(
      ids,
      rows.map((r) => r.id),
    );
  }
  if (f.userIds?.include.length) ids = intersect(ids, f.userIds.include);

  const searches: BroadSearch[] = [];
  const index = userSearchIndex(dialect);
  for (const [key, column] of SEARCH_FILTERS) {
    const term = f[key];
    if (term === undefined) continue;
    if (isPrefixTerm(term)) {
      // A union of index ranges (see user-prefix-search.ts), probed like a narrow search.
      const probe = await probePrefixMatches(db, instanceId, column, term, NARROW_SEARCH_LIMIT + 1);
      if (probe.complete) ids = intersect(ids, probe.ids);
      else searches.push({ column, term });
      continue;
    }
    // PostgreSQL has no probe: it plans the page query well from pg_trgm's estimates.
    const few = await index.fewMatches?.(db, instanceId, column, term, NARROW_SEARCH_LIMIT);
    if (few) ids = intersect(ids, few);
    else searches.push({ column, term });
  }

  return {
    ...(ids ? { candidateIds: ids } : {}),
    excludedExternalIds: f.externalIds?.exclude ?? [],
    excludedUserIds: f.userIds?.exclude ?? [],
    matchesNone: !!f.provider,
    ...(f.organizationIds ? { organizations: f.organizationIds } : {}),
    searches,
    ...pickDefined(f, COLUMN_FILTERS),
  };
}

function pickDefined<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

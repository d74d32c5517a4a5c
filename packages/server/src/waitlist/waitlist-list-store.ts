import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { unindexedRef } from '../db/values.js';
import {
  WAITLIST_SEARCH_OWNER,
  waitlistSearchIndex,
  type WaitlistEntryRow,
} from './waitlist-store.js';

export type WaitlistStatus = 'pending' | 'invited' | 'rejected' | 'completed';

export interface WaitlistFilters {
  status?: WaitlistStatus | undefined;
  /** A case-insensitive substring of the email address or the ID. */
  query?: string | undefined;
}

/** The query of the IDs of the entries matching `filters`. */
export function filteredWaitlistEntryIds(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: WaitlistFilters,
) {
  let q = db
    .selectFrom('waitlist_entries')
    .select('waitlist_entries.id')
    .where('waitlist_entries.instance_id', '=', instanceId);
  if (filters.status !== undefined) {
    q = q.where('waitlist_entries.status', '=', filters.status);
  }
  if (filters.query !== undefined && filters.query !== '') {
    const match = waitlistSearchIndex(dialect).ownerMatch(
      WAITLIST_SEARCH_OWNER,
      instanceId,
      'all',
      filters.query,
    );
    q = q.where(match);
  }
  return q;
}

export async function countFilteredWaitlistEntries(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: WaitlistFilters,
): Promise<number> {
  const row = await db
    .selectFrom(filteredWaitlistEntryIds(db, dialect, instanceId, filters).as('matching'))
    .select(sql<number | string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findWaitlistEntriesByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: string[],
): Promise<WaitlistEntryRow[]> {
  return db
    .selectFrom('waitlist_entries')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

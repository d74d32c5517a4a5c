import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
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

/** The entry's invitation if it was accepted (a primary-key lookup per entry). */
function acceptedInvitationOf(eb: ExpressionBuilder<Db, 'waitlist_entries'>) {
  return eb
    .selectFrom('invitations')
    .select('invitations.id')
    .whereRef('invitations.id', '=', 'waitlist_entries.invitation_id')
    .where('invitations.status', '=', 'accepted');
}

/**
 * The query of the IDs of the entries matching `filters`. `completed` is not stored: it is
 * an invited entry whose invitation was accepted, so `invited` and `completed` split the
 * stored invited entries by their invitation's status (looked up by primary key).
 */
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
  switch (filters.status) {
    case undefined:
      break;
    case 'invited':
      q = q
        .where('waitlist_entries.status', '=', 'invited')
        .where((eb) => eb.not(eb.exists(acceptedInvitationOf(eb))));
      break;
    case 'completed':
      q = q
        .where('waitlist_entries.status', '=', 'invited')
        .where((eb) => eb.exists(acceptedInvitationOf(eb)));
      break;
    default:
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

import { unindexedRef } from '../db/values.js';
import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import {
  INVITATION_SEARCH_OWNER,
  invitationSearchIndex,
  type InvitationRow,
} from './invitation-store.js';
import type { InvitationStatus } from './invitation-status.js';

export interface InvitationFilters {
  /** One status as read at `now`; none lists every invitation but the revoked ones. */
  status?: InvitationStatus | undefined;
  /** A case-insensitive substring of the email address or the ID. */
  query?: string | undefined;
}

/**
 * The query of the IDs of the invitations matching `filters`, the status read at `now`
 * (`invitationStatusAt` in SQL): `pending` and `expired` are the stored pending invitations
 * split by `expires_at`; `accepted` and `revoked` match as stored.
 */
export function filteredInvitationIds(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: InvitationFilters,
  now: number,
) {
  let q = db.selectFrom('invitations').select('id').where('instance_id', '=', instanceId);
  switch (filters.status) {
    case undefined:
      q = q.where('status', 'in', ['pending', 'accepted']);
      break;
    case 'pending':
      q = q.where('status', '=', 'pending').where('expires_at', '>', now);
      break;
    case 'expired':
      q = q.where('status', '=', 'pending').where('expires_at', '<=', now);
      break;
    default:
      q = q.where('status', '=', filters.status);
  }
  if (filters.query !== undefined && filters.query !== '') {
    const match = invitationSearchIndex(dialect).ownerMatch(
      INVITATION_SEARCH_OWNER,
      instanceId,
      'all',
      filters.query,
    );
    q = q.where(match);
  }
  return q;
}

export async function countFilteredInvitations(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: InvitationFilters,
  now: number,
): Promise<number> {
  const row = await db
    .selectFrom(filteredInvitationIds(db, dialect, instanceId, filters, now).as('matching'))
    .select(sql<number | string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findInvitationsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: string[],
): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

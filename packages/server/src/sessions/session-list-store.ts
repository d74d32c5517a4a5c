import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import type { SessionStatus } from './session-status.js';

export interface SessionFilters {
  clientId?: string | undefined;
  userId?: string | undefined;
  status?: SessionStatus | undefined;
}

/**
 * The query of the IDs of the sessions matching `filters`, the status as read at `now`
 * (`sessionStatusAt` in SQL): stored endings match as stored; `active`, `expired` and
 * `abandoned` are the stored active sessions split by their times.
 */
export function filteredSessionIds(
  db: Kysely<Db>,
  instanceId: string,
  filters: SessionFilters,
  now: number,
) {
  let q = db.selectFrom('sessions').select('id').where('instance_id', '=', instanceId);
  if (filters.userId !== undefined) q = q.where('user_id', '=', filters.userId);
  if (filters.clientId !== undefined) q = q.where('client_id', '=', filters.clientId);
  switch (filters.status) {
    case undefined:
      break;
    case 'active':
      q = q
        .where('status', '=', 'active')
        .where('expire_at', '>', now)
        .where('abandon_at', '>', now);
      break;
    case 'expired':
      q = q.where('status', '=', 'active').where('expire_at', '<=', now);
      break;
    case 'abandoned':
      q = q
        .where('status', '=', 'active')
        .where('expire_at', '>', now)
        .where('abandon_at', '<=', now);
      break;
    default:
      q = q.where('status', '=', filters.status);
  }
  return q;
}

export async function countFilteredSessions(
  db: Kysely<Db>,
  instanceId: string,
  filters: SessionFilters,
  now: number,
): Promise<number> {
  const row = await db
    .selectFrom(filteredSessionIds(db, instanceId, filters, now).as('matching'))
    .select(sql<number | string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

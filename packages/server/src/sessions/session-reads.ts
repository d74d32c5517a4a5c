import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { sessionRowToSession, type Session } from './session-mapper.js';
import { sessionStatusAt } from './session-status.js';
import { findSessionsOfClients, type SessionRow } from './session-store.js';

/** The sessions of each client (every status, oldest first), as read at `now`. */
export async function sessionsOfClients(
  db: Kysely<Db>,
  instanceId: string,
  clientIds: readonly string[],
  now: number,
): Promise<Map<string, Session[]>> {
  const byClient = new Map<string, Session[]>(clientIds.map((id) => [id, []]));
  for (const row of await findSessionsOfClients(db, instanceId, clientIds)) {
    byClient.get(row.client_id)?.push(sessionRowToSession(row, now));
  }
  return byClient;
}

/**
 * The client's sessions that are active at `now` (oldest first): what the Frontend API's
 * client lists. Ended, revoked, expired and abandoned sessions are left out.
 */
export async function activeSessionRowsOfClient(
  db: Kysely<Db>,
  instanceId: string,
  clientId: string,
  now: number,
): Promise<SessionRow[]> {
  const rows = await findSessionsOfClients(db, instanceId, [clientId]);
  return rows.filter((row) => sessionStatusAt(row, now) === 'active');
}

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { compileOnce } from '../db/compiled-query.js';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, SessionsTable } from '../db/schema.js';

export type SessionRow = Selectable<SessionsTable>;

export async function insertSession(db: Kysely<Db>, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

const sessionById = compileOnce(
  (db, instanceId: string, sessionId: string) =>
    db
      .selectFrom('sessions')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('id', '=', sessionId),
  2,
);

/** A session by ID; compiled once, as every token minted starts with it. */
export async function findSessionById(
  db: Kysely<Db>,
  instanceId: string,
  sessionId: string,
): Promise<SessionRow | undefined> {
  return ((await sessionById(db, instanceId, sessionId)) as SessionRow[])[0];
}

/** Reads and locks the session a write changes. */
export async function lockSession(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  sessionId: string,
): Promise<SessionRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('sessions')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('id', '=', sessionId),
    )
    .executeTakeFirst();
}

/** The sessions stored `active` of some users or of some clients, locked, in ID order. */
export async function lockActiveSessions(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  owner: { column: 'user_id' | 'client_id'; ids: readonly string[] },
): Promise<SessionRow[]> {
  if (owner.ids.length === 0) return [];
  return dialect
    .lockForUpdate(
      db
        .selectFrom('sessions')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where(owner.column, 'in', owner.ids)
        .where('status', '=', 'active')
        .orderBy('id'),
    )
    .execute();
}

export async function updateSessionRow(
  db: Kysely<Db>,
  instanceId: string,
  sessionId: string,
  patch: Updateable<SessionsTable>,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', sessionId)
    .execute();
}

/**
 * Records activity unless a writer already recorded some since `notBefore`: the condition
 * makes concurrent token mints write once. Returns whether this call wrote.
 */
export async function touchSessionRow(
  db: Kysely<Db>,
  instanceId: string,
  sessionId: string,
  notBefore: number,
  patch: Pick<Updateable<SessionsTable>, 'last_active_at' | 'abandon_at' | 'token_issued_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', sessionId)
    .where('status', '=', 'active')
    .where('last_active_at', '<', notBefore)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The sessions of some clients, oldest first (a client's `sessions`). */
export async function findSessionsOfClients(
  db: Kysely<Db>,
  instanceId: string,
  clientIds: readonly string[],
): Promise<SessionRow[]> {
  if (clientIds.length === 0) return [];
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('client_id', 'in', clientIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findSessionsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

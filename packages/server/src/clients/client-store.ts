import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { ClientsTable, Db } from '../db/schema.js';

export type ClientRow = Selectable<ClientsTable>;

export async function insertClient(db: Kysely<Db>, row: Insertable<ClientsTable>): Promise<void> {
  await db.insertInto('clients').values(row).execute();
}

export async function findClientById(
  db: Kysely<Db>,
  instanceId: string,
  clientId: string,
): Promise<ClientRow | undefined> {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', clientId)
    .executeTakeFirst();
}

/** The Frontend API's development browser: the client bound to a token (by its hash). */
export async function findClientByDevBrowserHash(
  db: Kysely<Db>,
  instanceId: string,
  hash: string,
): Promise<ClientRow | undefined> {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('dev_browser_token_hash', '=', hash)
    .executeTakeFirst();
}

export async function findClientsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<ClientRow[]> {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

export async function updateClientRow(
  db: Kysely<Db>,
  instanceId: string,
  clientId: string,
  patch: Updateable<ClientsTable>,
): Promise<void> {
  await db
    .updateTable('clients')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', clientId)
    .execute();
}

/** The query of a client list's page IDs, for `readPage`. */
export function listClientIds(db: Kysely<Db>, instanceId: string) {
  return db.selectFrom('clients').select('id').where('instance_id', '=', instanceId);
}

export async function countClients(db: Kysely<Db>, instanceId: string): Promise<number> {
  const row = await db
    .selectFrom('clients')
    .select(sql<number | string>`count(*)`.as('count'))
    .where('instance_id', '=', instanceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

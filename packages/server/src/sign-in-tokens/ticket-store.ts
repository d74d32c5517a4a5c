import type { Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { ActorTokensTable, Db, SignInTokensTable } from '../db/schema.js';
import type { TicketStatus } from './ticket.js';

/** The tables that hold tickets: the same columns (`TicketColumns`), so the same queries. */
interface TicketRows {
  sign_in_tokens: Selectable<SignInTokensTable>;
  actor_tokens: Selectable<ActorTokensTable>;
}
export type TicketTable = keyof TicketRows;
export type TicketRow<T extends TicketTable> = TicketRows[T];

/** A ticket by its ID or by its token's hash, locked until the write ends. */
export async function lockTicketRow<T extends TicketTable>(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  table: T,
  instanceId: string,
  by: { id: string } | { tokenHash: string },
): Promise<TicketRow<T> | undefined> {
  // Kysely cannot type a select from a table named by a type parameter; the row is the
  // table's own (selectAll), so the cast names what the query returns.
  const query = db
    .selectFrom(table as TicketTable)
    .selectAll()
    .where('instance_id', '=', instanceId);
  const keyed =
    'id' in by ? query.where('id', '=', by.id) : query.where('token_hash', '=', by.tokenHash);
  return (await dialect.lockForUpdate(keyed).executeTakeFirst()) as TicketRow<T> | undefined;
}

export async function updateTicketStatus(
  db: Kysely<Db>,
  table: TicketTable,
  instanceId: string,
  id: string,
  status: Exclude<TicketStatus, 'pending'>,
  now: number,
): Promise<void> {
  await db
    .updateTable(table)
    .set({ status, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

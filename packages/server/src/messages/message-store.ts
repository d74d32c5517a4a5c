import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Db, MessagesTable } from '../db/schema.js';

export type MessageRow = Selectable<MessagesTable>;

/**
 * Inserts a message after every message of its instance made in the same millisecond: `seq`
 * is one more than theirs (found through `messages_created_at`).
 */
export async function insertMessage(
  db: Kysely<Db>,
  row: Omit<Insertable<MessagesTable>, 'seq'>,
): Promise<void> {
  await db
    .insertInto('messages')
    .values((eb) => ({
      ...row,
      seq: eb
        .selectFrom('messages')
        .select(sql<number>`coalesce(max(seq) + 1, 0)`.as('seq'))
        .where('instance_id', '=', row.instance_id)
        .where('created_at', '=', row.created_at),
    }))
    .execute();
}

export async function updateMessageStatus(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  status: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ status, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

export interface MessageFilter {
  to?: string | undefined;
  channel?: string | undefined;
}

function filtered(db: Kysely<Db>, instanceId: string, filter: MessageFilter) {
  let q = db.selectFrom('messages').where('instance_id', '=', instanceId);
  if (filter.to !== undefined) q = q.where('to_address', '=', filter.to);
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
  return q;
}

/**
 * Newest first, and within a millisecond the last made first; served by
 * `(instance_id, created_at, seq, id)` or, with `to`, `(…, to_address, …)`.
 */
export async function listMessageRows(
  db: Kysely<Db>,
  instanceId: string,
  filter: MessageFilter,
  page: { limit: number; offset: number },
): Promise<MessageRow[]> {
  let q = filtered(db, instanceId, filter)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.offset > 0) q = q.offset(page.offset);
  return q.execute();
}

export async function countMessageRows(
  db: Kysely<Db>,
  instanceId: string,
  filter: MessageFilter,
): Promise<number> {
  const row = await filtered(db, instanceId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

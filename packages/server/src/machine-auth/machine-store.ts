import {
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type Updateable,
} from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, MachinesTable } from '../db/schema.js';
import { escapeLike, unindexedRef } from '../db/values.js';
import type { Ordering, Page } from '../lists/list-params.js';
import { countRows, readRowsPage } from '../lists/page-query.js';

export type MachineRow = Selectable<MachinesTable>;

/** `order_by` fields of ListMachines and the indexed column each sorts by. */
export const MACHINE_ORDER_COLUMNS = {
  created_at: 'machines.created_at',
  name: 'machines.name_lower',
} as const;

export type MachineOrderField = keyof typeof MACHINE_ORDER_COLUMNS;

export async function insertMachine(db: Kysely<Db>, row: Insertable<MachinesTable>): Promise<void> {
  await db.insertInto('machines').values(row).execute();
}

export async function findMachine(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<MachineRow | undefined> {
  return db
    .selectFrom('machines')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lockMachine(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<MachineRow | undefined> {
  const query = db
    .selectFrom('machines')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id);
  return dialect.lockForUpdate(query).executeTakeFirst();
}

/** The instance's machines among `ids` (the ones that exist). */
export async function findMachines(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<MachineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('machines')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

export async function updateMachineRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<MachinesTable>,
): Promise<void> {
  await db
    .updateTable('machines')
    .set(changes)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteMachineRow(db: Kysely<Db>, instanceId: string, id: string) {
  await db
    .deleteFrom('machines')
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/**
 * The machine whose current key, or previous key still in its grace period, has this hash;
 * with the hash that matched, for the constant-time comparison.
 */
export async function findMachineByKeyHash(
  db: Kysely<Db>,
  hash: string,
  now: number,
): Promise<{ row: MachineRow; matched: string } | undefined> {
  const current = await db
    .selectFrom('machines')
    .selectAll()
    .where('secret_key_hash', '=', hash)
    .executeTakeFirst();
  if (current) return { row: current, matched: current.secret_key_hash };
  const previous = await db
    .selectFrom('machines')
    .selectAll()
    .where('previous_secret_key_hash', '=', hash)
    .where('previous_secret_key_expires_at', '>', now)
    .executeTakeFirst();
  return previous ? { row: previous, matched: previous.previous_secret_key_hash! } : undefined;
}

// Scopes

export async function listScopedMachineIds(
  db: Kysely<Db>,
  fromIds: readonly string[],
): Promise<{ from_machine_id: string; to_machine_id: string; created_at: number }[]> {
  if (fromIds.length === 0) return [];
  return db
    .selectFrom('machine_scopes')
    .select(['from_machine_id', 'to_machine_id', 'created_at'])
    .where('from_machine_id', 'in', fromIds)
    .orderBy('created_at')
    .orderBy('to_machine_id')
    .execute();
}

export async function countScopes(db: Kysely<Db>, fromId: string): Promise<number> {
  const row = await db
    .selectFrom('machine_scopes')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('from_machine_id', '=', fromId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function scopeExists(db: Kysely<Db>, fromId: string, toId: string): Promise<boolean> {
  const row = await db
    .selectFrom('machine_scopes')
    .select('to_machine_id')
    .where('from_machine_id', '=', fromId)
    .where('to_machine_id', '=', toId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertScopes(
  db: Kysely<Db>,
  rows: {
    instance_id: string;
    from_machine_id: string;
    to_machine_id: string;
    created_at: number;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('machine_scopes').values(rows).execute();
}

export async function deleteScope(db: Kysely<Db>, fromId: string, toId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('machine_scopes')
    .where('from_machine_id', '=', fromId)
    .where('to_machine_id', '=', toId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// List

type MachineQuery<O> = SelectQueryBuilder<Db, 'machines', O>;

/** The instance's machines; with `text`, those whose name contains it in any case, or whose ID it is. */
function filtered<O>(query: MachineQuery<O>, instanceId: string, text: string | undefined) {
  const q = query.where('machines.instance_id', '=', instanceId);
  if (text === undefined) return q;
  const like = `%${escapeLike(text.toLowerCase())}%`;
  return q.where((eb) =>
    eb.or([
      sql<boolean>`machines.name_lower like ${like} escape '\\'`,
      eb('machines.id', '=', text),
    ]),
  );
}

export async function listMachineRows(
  db: Kysely<Db>,
  instanceId: string,
  text: string | undefined,
  ordering: Ordering<MachineOrderField>,
  page: Page,
): Promise<MachineRow[]> {
  const ids = filtered(db.selectFrom('machines').select('machines.id'), instanceId, text);
  return readRowsPage(db, 'machines', instanceId, ids, ordering, page);
}

export async function countMachineRows(
  db: Kysely<Db>,
  instanceId: string,
  text: string | undefined,
): Promise<number> {
  return countRows(filtered(db.selectFrom('machines'), instanceId, text));
}

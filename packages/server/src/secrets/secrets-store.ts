import { type Kysely, sql } from 'kysely';
import type { Db } from '../db/schema.js';
import type { SealedColumn } from './sealed-columns.js';

const CHECK_ID = 'kek';

export async function findCheckValue(db: Kysely<Db>): Promise<string | undefined> {
  const row = await db
    .selectFrom('encryption_check')
    .select('check_value')
    .where('id', '=', CHECK_ID)
    .executeTakeFirst();
  return row?.check_value;
}

/** Writes the check value unless another node has just written one (read it back). */
export async function insertCheckValue(db: Kysely<Db>, value: string, nowMs: number) {
  await db
    .insertInto('encryption_check')
    .values({ id: CHECK_ID, check_value: value, updated_at: nowMs })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function replaceCheckValue(db: Kysely<Db>, old: string, value: string, nowMs: number) {
  await db
    .updateTable('encryption_check')
    .set({ check_value: value, updated_at: nowMs })
    .where('id', '=', CHECK_ID)
    .where('check_value', '=', old)
    .execute();
}

/** One sealed value of a column, if any (to notice sealed data whose check value is gone). */
export async function findSealedValue(
  db: Kysely<Db>,
  { table, column }: SealedColumn,
): Promise<string | undefined> {
  const { rows } = await sql<{ value: string }>`
    select ${sql.ref(column)} as value from ${sql.table(table)}
    where ${sql.ref(column)} is not null and substr(${sql.ref(column)}, 1, 3) = 'v1:'
    limit 1`.execute(db);
  return rows[0]?.value;
}

export interface StoredSecret {
  id: string;
  value: string;
}

/**
 * Values to seal again, in key order after `afterId`: those stored in clear, plus, when
 * `keepKid` is given, those sealed under any other key. The clear-only form repeats the
 * predicate of the partial index `users_totp_secret_clear` word for word (a literal, not
 * a parameter), so both planners answer it from that index, empty once all is sealed.
 */
export async function listValuesToSeal(
  db: Kysely<Db>,
  { table, column, key }: SealedColumn,
  options: { afterId: string; limit: number; keepKid?: string | undefined },
): Promise<StoredSecret[]> {
  const value = sql.ref(column);
  const stale = options.keepKid
    ? sql`substr(${value}, 1, ${4 + options.keepKid.length}) <> ${`v1:${options.keepKid}:`}`
    : sql`substr(${value}, 1, 3) <> 'v1:'`;
  const { rows } = await sql<StoredSecret>`
    select ${sql.ref(key)} as id, ${value} as value from ${sql.table(table)}
    where ${value} is not null and ${stale} and ${sql.ref(key)} > ${options.afterId}
    order by ${sql.ref(key)} limit ${options.limit}`.execute(db);
  return rows;
}

/** Replaces a value only if it is still the one read, so a concurrent write wins. */
export async function replaceStoredSecret(
  db: Kysely<Db>,
  { table, column, key }: SealedColumn,
  secret: StoredSecret,
  sealed: string,
): Promise<void> {
  await sql`
    update ${sql.table(table)} set ${sql.ref(column)} = ${sealed}
    where ${sql.ref(key)} = ${secret.id} and ${sql.ref(column)} = ${secret.value}`.execute(db);
}

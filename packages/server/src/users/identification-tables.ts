import { sql, type Kysely, type Selectable } from 'kysely';
import type { Db } from '../db/schema.js';

/** Each kind of identification: its table, its uniqueness key, the parameter naming it. */
export const IDENTIFICATION_KINDS = {
  emails: { table: 'email_addresses', key: 'email_lower', param: 'email_address' },
  phones: { table: 'phone_numbers', key: 'phone_number', param: 'phone_number' },
  wallets: { table: 'web3_wallets', key: 'wallet_lower', param: 'web3_wallet' },
} as const;

export type IdentificationKind = keyof typeof IDENTIFICATION_KINDS;

/**
 * The users (of the instance) holding any of `keys` of one kind, optionally ignoring one
 * user. Served by the `(instance_id, <key>)` unique index.
 */
export function usersHoldingIdentifiers(
  db: Kysely<Db>,
  kind: IdentificationKind,
  instanceId: string,
  keys: string[],
  exceptUserId?: string,
) {
  const { table, key } = IDENTIFICATION_KINDS[kind];
  let q = db
    .selectFrom(table)
    .select(['user_id', sql.ref<string>(key).as('key')])
    .where('instance_id', '=', instanceId)
    .where(sql.ref(key), 'in', keys.length ? keys : ['']);
  if (exceptUserId !== undefined) q = q.where('user_id', '!=', exceptUserId);
  return q;
}

/** A user's identifications of one kind, oldest first (the order the user object lists them). */
export async function identificationsOfUser<
  T extends 'email_addresses' | 'phone_numbers' | 'web3_wallets',
>(db: Kysely<Db>, table: T, instanceId: string, userId: string): Promise<Selectable<Db[T]>[]> {
  // One query for the three tables: their shared columns are all it filters and orders on
  // (a union of table names has no callable `where`, so the table is narrowed for the builder).
  const rows = await db
    .selectFrom(table as 'email_addresses')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows as Selectable<Db[T]>[];
}

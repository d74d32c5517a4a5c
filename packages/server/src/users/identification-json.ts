import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../db/dialect.js';

const COMMON = [
  'id',
  'instance_id',
  'user_id',
  'verification_status',
  'verification_strategy',
  'created_at',
  'updated_at',
];
const COLUMNS: Record<string, string[]> = {
  email_addresses: [...COMMON, 'email_address', 'email_lower', 'reserved'],
  phone_numbers: [
    ...COMMON,
    'phone_number',
    'reserved',
    'reserved_for_second_factor',
    'default_second_factor',
  ],
  web3_wallets: [...COMMON, 'web3_wallet', 'wallet_lower'],
};

/**
 * A correlated subquery returning a user's identifications of one kind as a JSON array,
 * so a user and all its identifications come back in one statement (and a page of users
 * in one statement too: the subquery runs only for the rows returned).
 */
export function identificationsJson(
  dialect: DialectName,
  table: 'email_addresses' | 'phone_numbers' | 'web3_wallets',
): RawBuilder<unknown> {
  const cols = COLUMNS[table]!;
  if (dialect === 'postgres') {
    return sql`(select json_agg(i) from ${sql.table(table)} i where i.user_id = users.id)`;
  }
  const pairs = sql.join(
    cols.map((c) => sql`${sql.lit(c)}, ${sql.ref(`i.${c}`)}`),
    sql`, `,
  );
  return sql`(select json_group_array(json_object(${pairs})) from ${sql.table(table)} i where i.user_id = users.id)`;
}

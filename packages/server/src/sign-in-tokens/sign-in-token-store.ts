import type { Insertable, Kysely } from 'kysely';
import type { Db, SignInTokensTable } from '../db/schema.js';
import type { TicketRow } from './ticket-store.js';

export type SignInTokenRow = TicketRow<'sign_in_tokens'>;

export async function insertSignInToken(
  db: Kysely<Db>,
  row: Insertable<SignInTokensTable>,
): Promise<void> {
  await db.insertInto('sign_in_tokens').values(row).execute();
}

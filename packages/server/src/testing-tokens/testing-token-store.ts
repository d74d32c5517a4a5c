import type { Insertable, Kysely } from 'kysely';
import type { Db, TestingTokensTable } from '../db/schema.js';

export async function insertTestingToken(
  db: Kysely<Db>,
  row: Insertable<TestingTokensTable>,
): Promise<void> {
  await db.insertInto('testing_tokens').values(row).execute();
}

/** When the token with this hash expires, if the instance issued it. */
export async function findTestingTokenExpiry(
  db: Kysely<Db>,
  instanceId: string,
  tokenHash: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('testing_tokens')
    .select('expires_at')
    .where('instance_id', '=', instanceId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.expires_at);
}

/** Forgets tokens that expired before `before` (they can never be valid again). */
export async function deleteExpiredTestingTokens(
  db: Kysely<Db>,
  instanceId: string,
  before: number,
): Promise<void> {
  await db
    .deleteFrom('testing_tokens')
    .where('instance_id', '=', instanceId)
    .where('expires_at', '<', before)
    .execute();
}

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, SignInTokensTable } from '../db/schema.js';

export type SignInTokenRow = Selectable<SignInTokensTable>;

export async function insertSignInToken(
  db: Kysely<Db>,
  row: Insertable<SignInTokensTable>,
): Promise<void> {
  await db.insertInto('sign_in_tokens').values(row).execute();
}

/** The user's row, locked until the write ends, so it cannot be deleted under a new token. */
export async function lockUserForToken(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  userId: string,
): Promise<boolean> {
  const row = await dialect
    .lockForUpdate(
      db
        .selectFrom('users')
        .select('id')
        .where('instance_id', '=', instanceId)
        .where('id', '=', userId),
    )
    .executeTakeFirst();
  return row !== undefined;
}

export async function lockSignInTokenById(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<SignInTokenRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('sign_in_tokens')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('id', '=', id),
    )
    .executeTakeFirst();
}

export async function lockSignInTokenByHash(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  tokenHash: string,
): Promise<SignInTokenRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('sign_in_tokens')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('token_hash', '=', tokenHash),
    )
    .executeTakeFirst();
}

export async function setSignInTokenStatus(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  status: 'accepted' | 'revoked',
  now: number,
): Promise<void> {
  await db
    .updateTable('sign_in_tokens')
    .set({ status, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { ActorTokensTable, Db } from '../db/schema.js';

export type ActorTokenRow = Selectable<ActorTokensTable>;

export async function insertActorToken(
  db: Kysely<Db>,
  row: Insertable<ActorTokensTable>,
): Promise<void> {
  await db.insertInto('actor_tokens').values(row).execute();
}

/** The impersonated user's row, locked until the write ends (no token for a deleted user). */
export async function lockImpersonatedUser(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  userId: string,
): Promise<boolean> {
  const query = db
    .selectFrom('users')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('id', '=', userId);
  return (await dialect.lockForUpdate(query).executeTakeFirst()) !== undefined;
}

export async function lockActorToken(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  by: { id: string } | { tokenHash: string },
): Promise<ActorTokenRow | undefined> {
  const query = db.selectFrom('actor_tokens').selectAll().where('instance_id', '=', instanceId);
  const keyed =
    'id' in by ? query.where('id', '=', by.id) : query.where('token_hash', '=', by.tokenHash);
  return dialect.lockForUpdate(keyed).executeTakeFirst();
}

export async function setActorTokenStatus(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  status: 'accepted' | 'revoked',
  now: number,
): Promise<void> {
  await db
    .updateTable('actor_tokens')
    .set({ status, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

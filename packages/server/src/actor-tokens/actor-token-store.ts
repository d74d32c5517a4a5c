import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ActorTokensTable, Db } from '../db/schema.js';

export type ActorTokenRow = Selectable<ActorTokensTable>;

export async function insertActorToken(
  db: Kysely<Db>,
  row: Insertable<ActorTokensTable>,
): Promise<void> {
  await db.insertInto('actor_tokens').values(row).execute();
}

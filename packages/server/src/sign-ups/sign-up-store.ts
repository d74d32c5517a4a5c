import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, SignUpsTable } from '../db/schema.js';

export type SignUpRow = Selectable<SignUpsTable>;

export async function insertSignUp(db: Kysely<Db>, row: Insertable<SignUpsTable>): Promise<void> {
  await db.insertInto('sign_ups').values(row).execute();
}

export async function findSignUpById(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<SignUpRow | undefined> {
  return db
    .selectFrom('sign_ups')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lockSignUpById(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<SignUpRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('sign_ups')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('id', '=', id),
    )
    .executeTakeFirst();
}

export async function updateSignUpRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  patch: Updateable<SignUpsTable>,
): Promise<void> {
  await db
    .updateTable('sign_ups')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DialectAdapter } from '../../db/dialect.js';
import type { Db } from '../../db/schema.js';
import type { FlowCodeRow, SignInRow, SignInsTable } from './flow-tables.js';

export async function insertSignIn(db: Kysely<Db>, row: Insertable<SignInsTable>): Promise<void> {
  await db.insertInto('sign_ins').values(row).execute();
}

export async function findSignInById(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<SignInRow | undefined> {
  return db
    .selectFrom('sign_ins')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lockSignInById(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<SignInRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('sign_ins')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('id', '=', id),
    )
    .executeTakeFirst();
}

export async function updateSignInRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  patch: Updateable<SignInsTable>,
): Promise<void> {
  await db
    .updateTable('sign_ins')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Replaces the flow's code for `purpose` (one at a time: a new one supersedes the last). */
export async function replaceFlowCode(db: Kysely<Db>, row: FlowCodeRow): Promise<void> {
  await deleteFlowCode(db, row.instance_id, row.flow_id, row.purpose);
  await db.insertInto('flow_codes').values(row).execute();
}

export async function findFlowCode(
  db: Kysely<Db>,
  instanceId: string,
  flowId: string,
  purpose: string,
): Promise<FlowCodeRow | undefined> {
  return db
    .selectFrom('flow_codes')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('flow_id', '=', flowId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

export async function deleteFlowCode(
  db: Kysely<Db>,
  instanceId: string,
  flowId: string,
  purpose: string,
): Promise<void> {
  await db
    .deleteFrom('flow_codes')
    .where('instance_id', '=', instanceId)
    .where('flow_id', '=', flowId)
    .where('purpose', '=', purpose)
    .execute();
}

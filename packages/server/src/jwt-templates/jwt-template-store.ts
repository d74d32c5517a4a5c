import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, JwtTemplatesTable } from '../db/schema.js';

export type JwtTemplateRow = Selectable<JwtTemplatesTable>;

export async function insertJwtTemplate(
  db: Kysely<Db>,
  row: Insertable<JwtTemplatesTable>,
): Promise<void> {
  await db.insertInto('jwt_templates').values(row).execute();
}

export async function findJwtTemplateById(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<JwtTemplateRow | undefined> {
  return db
    .selectFrom('jwt_templates')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The template named `name` (the `(instance_id, name)` unique index). */
export async function findJwtTemplateByName(
  db: Kysely<Db>,
  instanceId: string,
  name: string,
): Promise<JwtTemplateRow | undefined> {
  return db
    .selectFrom('jwt_templates')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Reads and locks the template an update changes. */
export async function lockJwtTemplate(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<JwtTemplateRow | undefined> {
  const query = db
    .selectFrom('jwt_templates')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id);
  return dialect.lockForUpdate(query).executeTakeFirst();
}

export async function updateJwtTemplate(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<JwtTemplatesTable>,
): Promise<void> {
  await db
    .updateTable('jwt_templates')
    .set(changes)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Deletes one template; returns whether it existed in the instance. */
export async function deleteJwtTemplate(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('jwt_templates')
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countJwtTemplates(db: Kysely<Db>, instanceId: string): Promise<number> {
  const row = await db
    .selectFrom('jwt_templates')
    .select(sql<number | string>`count(*)`.as('count'))
    .where('instance_id', '=', instanceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The query of the list's page IDs, for `readPage`. */
export function listJwtTemplateIds(db: Kysely<Db>, instanceId: string) {
  return db.selectFrom('jwt_templates').select('id').where('instance_id', '=', instanceId);
}

export async function findJwtTemplateRows(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<JwtTemplateRow[]> {
  return db
    .selectFrom('jwt_templates')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

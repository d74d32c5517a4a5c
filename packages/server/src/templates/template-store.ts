import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import type { MessageTemplatesTable } from '../db/webhook-schema.js';

export type TemplateRow = Selectable<MessageTemplatesTable>;

/** The instance's override of one template (the `(instance_id, template_type, slug)` index). */
export async function findTemplateRow(
  db: Kysely<Db>,
  instanceId: string,
  type: string,
  slug: string,
): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('message_templates')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('template_type', '=', type)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** Reads and locks the override a write changes (PostgreSQL `FOR UPDATE`). */
export async function lockTemplateRow(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  type: string,
  slug: string,
): Promise<TemplateRow | undefined> {
  const query = db
    .selectFrom('message_templates')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('template_type', '=', type)
    .where('slug', '=', slug);
  return dialect.lockForUpdate(query).executeTakeFirst();
}

/** Every override of one type (a handful at most). */
export async function listTemplateRows(
  db: Kysely<Db>,
  instanceId: string,
  type: string,
): Promise<TemplateRow[]> {
  return db
    .selectFrom('message_templates')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('template_type', '=', type)
    .execute();
}

/**
 * Writes the override whole: inserted, or replacing the one a concurrent write inserted
 * first (the unique index), so two first upserts never fail on each other. Answers the row
 * as stored (the first writer's ID and `created_at`).
 */
export async function saveTemplateRow(
  db: Kysely<Db>,
  row: Insertable<MessageTemplatesTable>,
): Promise<TemplateRow> {
  const { id: _id, instance_id: _i, template_type: _t, slug: _s, created_at: _c, ...changes } = row;
  return db
    .insertInto('message_templates')
    .values(row)
    .onConflict((oc) => oc.columns(['instance_id', 'template_type', 'slug']).doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTemplateRow(
  db: Kysely<Db>,
  instanceId: string,
  type: string,
  slug: string,
): Promise<void> {
  await db
    .deleteFrom('message_templates')
    .where('instance_id', '=', instanceId)
    .where('template_type', '=', type)
    .where('slug', '=', slug)
    .execute();
}

/** What `{{app.*}}` says of an instance: its name and Frontend API host. */
export async function findInstanceApp(
  db: Kysely<Db>,
  instanceId: string,
): Promise<{ name: string; frontendApi: string } | undefined> {
  const row = await db
    .selectFrom('instances')
    .select(['name', 'frontend_api'])
    .where('id', '=', instanceId)
    .executeTakeFirst();
  return row && { name: row.name, frontendApi: row.frontend_api };
}

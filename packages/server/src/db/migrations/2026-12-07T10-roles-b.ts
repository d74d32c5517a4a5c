import { type Kysely, sql } from 'kysely';

/**
 * At most one initial role set per instance, held by the schema: a partial unique index
 * (SQLite and PostgreSQL both have them). The writes that change which set is initial also
 * serialize on the instance's settings row and demote the previous one first; this makes a
 * second initial set impossible whatever a future write forgets. Frozen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('role_sets_one_initial')
    .on('role_sets')
    .column('instance_id')
    .unique()
    .where(sql.ref('type'), '=', 'initial')
    .execute();
}

import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * JWT templates: a name unique per instance (tokens are asked for by name), the claims as
 * JSON, the token lifetime and clock skew, and an optional custom signing key, sealed
 * (ADR 0003) under `(jwt_templates, signing_key, id)`. The partial index finds keys still in
 * clear for the start-up sweep, as `users_totp_secret_clear` does (its predicate is repeated
 * word for word by `listValuesToSeal`). Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';

  await db.schema
    .createTable('jwt_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('claims', sql.raw(json), (c) => c.notNull())
    .addColumn('lifetime', 'integer', (c) => c.notNull())
    .addColumn('allowed_clock_skew', 'integer', (c) => c.notNull())
    .addColumn('custom_signing_key', sql.raw(bool), (c) => c.notNull())
    .addColumn('signing_algorithm', 'text', (c) => c.notNull())
    .addColumn('signing_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('jwt_templates_name')
    .on('jwt_templates')
    .columns(['instance_id', 'name'])
    .unique()
    .execute();
  // The list is newest first; its pages are read from this index.
  await db.schema
    .createIndex('jwt_templates_created_at')
    .on('jwt_templates')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();
  await sql`create index jwt_templates_signing_key_clear on jwt_templates (id)
    where signing_key is not null and substr(signing_key, 1, 3) <> 'v1:'`.execute(db);
}

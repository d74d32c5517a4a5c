import { type Kysely, sql } from 'kysely';

/**
 * Secrets at rest (ADR 0003): the key check value, and a partial index that finds TOTP
 * secrets still stored in clear (written before encryption, or by an older node during a
 * rolling upgrade), so the sweep each start makes is an index probe, empty once all is
 * sealed. The predicate is repeated word for word by `listValuesToSeal`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('encryption_check')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('check_value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`create index users_totp_secret_clear on users (id)
    where totp_secret is not null and substr(totp_secret, 1, 3) <> 'v1:'`.execute(db);
}

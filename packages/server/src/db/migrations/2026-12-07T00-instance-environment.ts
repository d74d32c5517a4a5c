import type { Kysely } from 'kysely';

/**
 * An instance is a development or a production instance, as Clerk has both for an app:
 * its keys say which (`sk_test_`/`pk_test_` or `sk_live_`/`pk_live_`), and some rules differ
 * (loopback proxy URLs, production domain changes). Existing instances are development ones.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('instances')
    .addColumn('environment', 'text', (c) => c.notNull().defaultTo('development'))
    .execute();
}

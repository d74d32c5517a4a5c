import type { Kysely } from 'kysely';

/**
 * `user_counts.search_version`: bumped in the transaction of every write of an instance's
 * user search documents (a user created, changed or deleted), so a count of a search read
 * at one version is exact for as long as the version stays the same (see
 * users/user-search-counts.ts). Existing instances start at 0; adding a column with a
 * constant default rewrites no row in either dialect.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('user_counts')
    .addColumn('search_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user_counts').dropColumn('search_version').execute();
}

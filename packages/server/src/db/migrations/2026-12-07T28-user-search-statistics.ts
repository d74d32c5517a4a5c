import { sql, type Kysely } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * PostgreSQL: a larger statistics sample for the search document. PostgreSQL estimates how
 * many users `ilike '%fragment%'` matches from the column's histogram of 100 values; a name
 * fragment that a few percent of users hold often matches none of them, the estimate falls
 * to its floor (100 rows at 1M users), and the planner reads and sorts every match instead
 * of walking `created_at` until ten match: 250 ms instead of 2 ms for one such fragment at
 * 1M users, depending on which rows `ANALYZE` happened to sample. With 1,000 values the
 * estimate follows the data. Applied to the `query` expression's index and the columns
 * the `*_query` filters search, then analyzed once. SQLite (FTS5) is unchanged. Frozen:
 * later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectNameOf(db) !== 'postgres') return;
  await sql`alter index user_search_all alter column 1 set statistics 1000`.execute(db);
  for (const column of ['emails', 'phones', 'username', 'names']) {
    await sql`alter table user_search alter column ${sql.id(column)} set statistics 1000`.execute(
      db,
    );
  }
  await sql`analyze user_search`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectNameOf(db) !== 'postgres') return;
  await sql`alter index user_search_all alter column 1 set statistics -1`.execute(db);
  for (const column of ['emails', 'phones', 'username', 'names']) {
    await sql`alter table user_search alter column ${sql.id(column)} set statistics -1`.execute(db);
  }
}

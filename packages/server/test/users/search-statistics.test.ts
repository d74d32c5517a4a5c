import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../helpers/test-server.js';

/**
 * PostgreSQL estimates how many users a `query` or `*_query` fragment matches from the
 * search document's statistics; with the default sample a common fragment could be
 * estimated at the floor and read every match (docs/benchmarks.md). The migrations keep a
 * sample of 1,000 values for the `query` expression's index and the searched columns.
 */
describe.runIf(testDialects().includes('postgres'))('search statistics (postgres)', () => {
  let test: TestDatabase | undefined;
  afterAll(async () => {
    await test?.database.close();
    await test?.drop();
  });

  it('keeps 1,000 values for the search expression and the searched columns', async () => {
    test = await createTestDatabase('postgres');
    await migrateToLatest(test.database.db);
    const { rows } = await sql<{ relation: string; attribute: string; target: number }>`
      select c.relname as relation, a.attname as attribute, a.attstattarget as target
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relname in ('user_search', 'user_search_all') and a.attnum > 0
        and a.attstattarget > 0
      order by c.relname, a.attname
    `.execute(test.database.db);
    expect(rows.map((r) => [r.relation, r.attribute, Number(r.target)])).toEqual([
      ['user_search', 'emails', 1000],
      ['user_search', 'names', 1000],
      ['user_search', 'phones', 1000],
      ['user_search', 'username', 1000],
      ['user_search_all', 'expr', 1000],
    ]);
  });
});

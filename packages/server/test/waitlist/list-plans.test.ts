import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  filteredWaitlistEntryIds,
  type WaitlistFilters,
} from '../../src/waitlist/waitlist-list-store.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

/** Each order and the status filter read their page from an index, in index order. */
describe.each(testDialects())('ListWaitlistEntries query plans (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  async function planOf(column: string, filters: WaitlistFilters): Promise<string> {
    const query = filteredWaitlistEntryIds(t.database.db, t.database.adapter, t.instanceId, filters)
      .orderBy(sql.ref(`waitlist_entries.${column}`), 'desc')
      .orderBy(sql.ref('waitlist_entries.id'), 'desc')
      .limit(10)
      .compile();
    return t.database.db.transaction().execute(async (trx) => {
      // An empty table without statistics: PostgreSQL must show it can read the page in index
      // order, so the cheaper-on-nothing plans are off.
      if (dialect === 'postgres') {
        for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) {
          await sql`select set_config(${setting}, 'off', true)`.execute(trx);
        }
      }
      const explain = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
      const rows = await trx.executeQuery({ ...query, sql: explain + query.sql });
      return JSON.stringify(rows.rows);
    });
  }

  it.each([
    ['created_at', {}, 'waitlist_entries_created_at'],
    ['email_lower', {}, 'waitlist_entries_email_lower'],
    ['invited_at', {}, 'waitlist_entries_invited_at'],
    ['created_at', { status: 'invited' }, 'waitlist_entries_status'],
  ] as const)('order by %s with %j uses %s', async (column, filters, index) => {
    const plan = await planOf(column, filters);
    expect(plan).toContain(index);
    if (dialect === 'sqlite') expect(plan).not.toContain('TEMP B-TREE');
  });
});

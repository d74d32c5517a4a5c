import { scopeOn } from '../helpers/test-scope.js';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { OuterDatabaseInTransactionError } from '../../src/db/write-guard.js';
import { ClerkApiError } from '../../src/errors/clerk-api-error.js';
import type { Scope } from '../../src/platform/scope.js';
import { registeredUniqueIndexes } from '../../src/platform/unique-violations.js';
import { runWrite } from '../../src/platform/write.js';
import '../../src/users/user-unique-indexes.js';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

/** The columns of every index of a table, by index name. */
async function indexesOf(t: TestInstance, table: string): Promise<Map<string, string[]>> {
  const db = t.database.db;
  const out = new Map<string, string[]>();
  if (t.dialect === 'sqlite') {
    const list = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(
      db,
    );
    for (const { name } of list.rows) {
      const cols = await sql<{
        name: string;
      }>`select name from pragma_index_info(${name}) order by seqno`.execute(db);
      out.set(
        name,
        cols.rows.map((c) => c.name),
      );
    }
    return out;
  }
  const rows = await sql<{ index: string; column: string }>`
    select i.relname as index, a.attname as column
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join lateral unnest(x.indkey) with ordinality as k(attnum, n) on true
    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
    where t.relname = ${table}
    order by i.relname, k.n`.execute(db);
  for (const { index, column } of rows.rows) out.set(index, [...(out.get(index) ?? []), column]);
  return out;
}

describe.each(testDialects())('the write helper and the unique-index registry (%s)', (dialect) => {
  let t: TestInstance;
  let scope: Scope;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    scope = scopeOn(t.app, {
      instance: t.instance,
      clock: t.clock,
      baseUrl: 'http://localhost',
    });
  });

  it('every registered unique index exists with the table and columns it declares', async () => {
    const registered = registeredUniqueIndexes();
    expect(registered.length).toBeGreaterThan(0);
    for (const index of registered) {
      const columns = (await indexesOf(t, index.table)).get(index.name);
      expect(columns, `${index.name} on ${index.table}`).toEqual(index.columns);
    }
  });

  it('a unique violation inside a write becomes the error its index registered', async () => {
    const user = await createTestUser(t.api, { username: 'unique_one' });
    const other = await createTestUser(t.api);
    const error = await runWrite(scope, async (tx) => {
      // Skips the service's check, as a concurrent writer would get past it.
      await tx.db
        .updateTable('users')
        .set({ username: 'x', username_lower: user.username!.toLowerCase() })
        .where('id', '=', other.id)
        .execute();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClerkApiError);
    expect((error as ClerkApiError).errors[0]).toMatchObject({
      code: 'form_identifier_exists',
      meta: { param_name: 'username' },
    });
  });

  it('reaching for the outer database inside a write throws, and the write rolls back', async () => {
    const before = (await listOutboxEvents(t.database.db, t.instanceId)).length;
    const error = await runWrite(scope, async (tx) => {
      await tx.emit('user.updated', { probe: true });
      // A bug: the outer handle instead of tx.db. It must fail at once, not hang.
      await scope.db.selectFrom('users').select('id').execute();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuterDatabaseInTransactionError);
    expect((await listOutboxEvents(t.database.db, t.instanceId)).length).toBe(before);
    // The database is usable afterwards.
    expect((await t.api.ok('GetUsersCount')).total_count).toBeGreaterThanOrEqual(2);
  });

  it('the guard holds again after every write has closed (its storage is off between writes)', async () => {
    await runWrite(scope, (tx) => tx.emit('user.updated', { probe: 'first' }));
    // Between writes the outer database is free to use.
    expect(await scope.db.selectFrom('users').select('id').limit(1).execute()).toHaveLength(1);
    const error = await runWrite(scope, async () => {
      await scope.db.selectFrom('users').select('id').execute();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OuterDatabaseInTransactionError);
  });

  it('the guard holds in a write that outlives a concurrent one (PostgreSQL: a pool)', async (context) => {
    if (t.dialect !== 'postgres') return context.skip();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const long = runWrite(scope, async () => {
      opened();
      await gate;
      await scope.db.selectFrom('users').select('id').execute();
    }).catch((e: unknown) => e);
    await isOpen;
    // A second write opens and closes while the first is still open.
    await runWrite(scope, (tx) => tx.emit('user.updated', { probe: 'short' }));
    release();
    expect(await long).toBeInstanceOf(OuterDatabaseInTransactionError);
  });

  it('events emitted in a write commit with it', async () => {
    const before = (await listOutboxEvents(t.database.db, t.instanceId)).length;
    await runWrite(scope, (tx) => tx.emit('user.updated', { probe: 1 }));
    const events = await listOutboxEvents(t.database.db, t.instanceId);
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)!.event_type).toBe('user.updated');
  });
});

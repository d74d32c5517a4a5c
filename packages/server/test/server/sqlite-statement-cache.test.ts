import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite-database.js';

const BOUND = 5;

// Issue 14: every distinct SQL text (a filter combination) stays prepared; the cache must
// keep a bound however many a client sends, and keep the statements in use.
describe('SQLite prepared statements', () => {
  let dir: string;
  let sqlite: ReturnType<typeof openSqlite>;
  let db: Kysely<Record<string, never>>;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'castellan-statements-'));
    sqlite = openSqlite(path.join(dir, 'test.sqlite'), BOUND);
    db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const distinct = async (i: number) =>
    (await sql<{ n: number }>`select ${1} + ${sql.raw(String(i))} as n`.execute(db)).rows[0]!.n;
  const hot = async () => (await sql<{ n: number }>`select ${41} + 1 as n`.execute(db)).rows[0]!.n;

  it('keeps at most the bound however many texts run, with right answers', async () => {
    for (let i = 0; i < 60; i++) {
      expect(await distinct(i)).toBe(1 + i);
      expect(await hot()).toBe(42);
      expect(sqlite.statements.size).toBeLessThanOrEqual(BOUND);
    }
    expect(sqlite.statements.size).toBe(BOUND);
  });
});

import Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LruCache } from '../cache/lru-cache.js';

/** Prepared statements kept per database: each holds SQLite's compiled program for its text. */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Opens a SQLite file tuned for a server: WAL, foreign keys, a large page cache and mmap.
 * The returned object is what Kysely's SqliteDialect expects, with two additions:
 * prepared statements are cached by SQL text (Kysely prepares on every query, which costs
 * as much as running a point query), at most `statementCacheSize` of them, least recently
 * used dropped first, so filter combinations clients vary do not grow the cache nor evict
 * the hot statements all at once; and booleans are bound as 0/1 (better-sqlite3 refuses JS
 * booleans).
 */
export function openSqlite(
  filename: string,
  statementCacheSize = STATEMENT_CACHE_SIZE,
): SqliteDatabase & { raw: Database.Database; statements: { readonly size: number } } {
  const raw = new Database(filename);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -262144'); // 256 MiB
  raw.pragma('mmap_size = 2147418112'); // 2 GiB, the most SQLite maps
  raw.pragma('temp_store = MEMORY');
  const cache = new LruCache<string, Database.Statement>(statementCacheSize, Infinity);

  function prepare(sql: string): Database.Statement {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = raw.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  }

  return {
    raw,
    statements: cache,
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = prepare(sql);
      return {
        reader: stmt.reader,
        all: (params) => stmt.all(bindable(params)) as unknown[],
        run: (params) => {
          const r = stmt.run(bindable(params));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (params) => stmt.iterate(bindable(params)) as IterableIterator<unknown>,
      };
    },
  };
}

function bindable(params: ReadonlyArray<unknown>): unknown[] {
  return params.map((p) => (p === true ? 1 : p === false ? 0 : p));
}

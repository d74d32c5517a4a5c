import Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LruCache } from '../cache/lru-cache.js';

/** Prepared statements kept per database: each holds SQLite's compiled program for its text. */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Opens a SQLite file tuned for a server: WAL, foreign keys, a large page cache and mmap.
 * The returned object is what Kysely's SqliteDialect expects, with these additions:
 * prepared statements are cached by SQL text (Kysely prepares on every query, which costs
 * as much as running a point query), at most `statementCacheSize` of them, least recently
 * used dropped first, so filter combinations clients vary do not grow the cache nor evict
 * the hot statements all at once; rows are read as arrays and made objects by a function
 * per statement (`rowBuilder`); and booleans are bound as 0/1 (better-sqlite3 refuses JS
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
  const cache = new LruCache<string, Prepared>(statementCacheSize, Infinity);

  function prepare(sql: string): Prepared {
    let prepared = cache.get(sql);
    if (!prepared) {
      const stmt = raw.prepare(sql);
      prepared = { stmt, toRow: stmt.reader ? rowBuilder(stmt) : undefined };
      cache.set(sql, prepared);
    }
    return prepared;
  }

  return {
    raw,
    statements: cache,
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const { stmt, toRow } = prepare(sql);
      return {
        reader: stmt.reader,
        all: toRow
          ? (params) => (stmt.all(bindable(params)) as unknown[][]).map(toRow)
          : (params) => stmt.all(bindable(params)) as unknown[],
        run: (params) => {
          const r = stmt.run(bindable(params));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: toRow
          ? (params) => mapIterator(stmt.iterate(bindable(params)) as Iterator<unknown[]>, toRow)
          : (params) => stmt.iterate(bindable(params)) as IterableIterator<unknown>,
      };
    },
  };
}

interface Prepared {
  stmt: Database.Statement;
  /** For statements that return rows: turns a row read as an array into its object. */
  toRow: ((values: unknown[]) => unknown) | undefined;
}

/**
 * better-sqlite3 builds each row object property by property, which costs about twice as
 * much as reading the row as an array (10 users of 46 columns: measured 1.5–2×). A reader
 * statement is therefore switched to arrays, and its rows become objects through a function
 * made for its columns: one object literal, so every row of a statement gets the same shape
 * at once. Duplicate names keep the last value, as better-sqlite3's objects do; a row of
 * another width (the schema changed and SQLite prepared the statement again) reads the
 * columns again. Undefined
 * for a name an object literal would treat differently (`__proto__`): that statement keeps
 * better-sqlite3's objects.
 */
function rowBuilder(stmt: Database.Statement): ((values: unknown[]) => unknown) | undefined {
  const build = (names: string[]) =>
    new Function(
      'v',
      `return { ${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')} };`,
    ) as (values: unknown[]) => unknown;
  const names = stmt.columns().map((c) => c.name);
  if (names.includes('__proto__')) return undefined;
  stmt.raw(true);
  let width = names.length;
  let toRow = build(names);
  return (values) => {
    // SQLite prepares the statement again when the schema changed under it (a migration
    // added a column `*` now includes): the columns are read again.
    if (values.length !== width) {
      const current = stmt.columns().map((c) => c.name);
      [width, toRow] = [current.length, build(current)];
    }
    return toRow(values);
  };
}

function* mapIterator(
  rows: Iterator<unknown[]>,
  toRow: (values: unknown[]) => unknown,
): IterableIterator<unknown> {
  for (let next = rows.next(); !next.done; next = rows.next()) yield toRow(next.value);
}

function bindable(params: ReadonlyArray<unknown>): unknown[] {
  return params.map((p) => (p === true ? 1 : p === false ? 0 : p));
}

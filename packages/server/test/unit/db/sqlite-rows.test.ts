import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/db/sqlite-database.js';

/** Rows come from arrays through a builder per statement (sqlite-database.ts): same objects as better-sqlite3's own. */
describe('SQLite rows', () => {
  const open = () => {
    const db = openSqlite(':memory:');
    db.raw.exec(`create table t (id text primary key, n integer, doc text)`);
    db.raw.exec(`insert into t values ('a', 1, '{"x":1}'), ('b', null, null)`);
    return db;
  };
  const all = (db: ReturnType<typeof openSqlite>, sql: string, params: unknown[] = []) =>
    db.prepare(sql).all(params);

  it('are the objects better-sqlite3 builds, key for key', () => {
    const db = open();
    const sql = 'select * from t order by id';
    expect(all(db, sql)).toEqual(db.raw.prepare(sql).all());
    expect(Object.keys(all(db, sql)[0] as object)).toEqual(['id', 'n', 'doc']);
    expect(
      all(db, 'select id, n as "weird "" name", 1 as "__x" from t where id = ?', ['a']),
    ).toEqual([{ id: 'a', 'weird " name': 1, __x: 1 }]);
  });

  it('keep the last of duplicate names, as better-sqlite3 does', () => {
    const db = open();
    const sql = `select 1 as v, 2 as v`;
    expect(all(db, sql)).toEqual(db.raw.prepare(sql).all());
  });

  it('follow the schema when a column is added under a cached statement', () => {
    const db = open();
    const sql = 'select * from t order by id';
    expect(Object.keys(all(db, sql)[0] as object)).toEqual(['id', 'n', 'doc']);
    db.raw.exec(`alter table t add column extra text default 'e'`);
    expect(all(db, sql)[0]).toEqual({ id: 'a', n: 1, doc: '{"x":1}', extra: 'e' });
  });

  it('are better-sqlite3’s own objects for a column named __proto__', () => {
    const db = open();
    const sql = 'select id as "__proto__", n from t order by id';
    const rows = all(db, sql) as object[];
    const theirs = db.raw.prepare(sql).all() as object[];
    expect(rows.map((r) => Object.getPrototypeOf(r))).toEqual(
      theirs.map((r) => Object.getPrototypeOf(r)),
    );
    expect(rows.map((r) => Object.entries(r))).toEqual(theirs.map((r) => Object.entries(r)));
  });

  it('iterate as objects too', () => {
    const db = open();
    const rows = [...db.prepare('select id, n from t order by id').iterate([])];
    expect(rows).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: null },
    ]);
  });
});

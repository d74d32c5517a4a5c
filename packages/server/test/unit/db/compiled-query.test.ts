import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileByShape, compileForIds, compileOnce } from '../../../src/db/compiled-query.js';
import { openSqlite } from '../../../src/db/sqlite-database.js';

interface T {
  t: { id: string; kind: string; n: number };
}

/** The rows of a kind among some IDs: the query both `in (…)` tests compile. */
const ofKindByIds = (k: Kysely<T>, kind: string, ids: string[]) =>
  k.selectFrom('t').select('id').where('kind', '=', kind).where('id', 'in', ids).orderBy('id');

/** Queries compiled once (per shape) answer as the same query built for each call would. */
describe('compiled queries', () => {
  const open = () => {
    const sqlite = openSqlite(':memory:');
    sqlite.raw.exec(`create table t (id text primary key, kind text, n integer)`);
    sqlite.raw.exec(
      `insert into t values ('a', 'x', 1), ('b', 'x', 2), ('c', 'y', 3), ('d', 'x', 4)`,
    );
    return new Kysely<T>({ dialect: new SqliteDialect({ database: sqlite }) });
  };

  it('substitute each call’s values and keep the query’s own constants', async () => {
    const db = open();
    const byKind = compileOnce(
      (k: Kysely<T>, kind: string, above: number) =>
        k
          .selectFrom('t')
          .select('id')
          .where('kind', '=', kind)
          .where('n', '>', above)
          .where('id', '<>', 'd')
          .orderBy('id'),
      2,
    );
    expect(await byKind(db, 'x', 0)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await byKind(db, 'x', 1)).toEqual([{ id: 'b' }]);
    expect(await byKind(db, 'y', 0)).toEqual([{ id: 'c' }]);
    await db.destroy();
  });

  it('compile one statement per shape: as many IDs as an `in` lists, a direction', async () => {
    const db = open();
    const shapesBuilt: string[] = [];
    const byIds = compileByShape(
      (k: Kysely<T>, count: number, kind: string, ...ids: string[]) => {
        shapesBuilt.push(`in:${count}`);
        return ofKindByIds(k, kind, ids);
      },
      (count) => count + 1,
    );
    expect(await byIds(db, 1, 'x', 'b')).toEqual([{ id: 'b' }]);
    expect(await byIds(db, 3, 'x', 'a', 'c', 'd')).toEqual([{ id: 'a' }, { id: 'd' }]);
    expect(await byIds(db, 3, 'y', 'a', 'c', 'd')).toEqual([{ id: 'c' }]);
    expect(await byIds(db, 1, 'x', 'a')).toEqual([{ id: 'a' }]);
    expect(shapesBuilt).toEqual(['in:1', 'in:3']);

    const ordered = compileByShape(
      (k: Kysely<T>, direction: 'asc' | 'desc', kind: string, limit: number) =>
        k
          .selectFrom('t')
          .select('id')
          .where('kind', '=', kind)
          .orderBy('n', direction)
          .limit(limit),
      () => 2,
    );
    expect(await ordered(db, 'asc', 'x', 2)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await ordered(db, 'desc', 'x', 2)).toEqual([{ id: 'd' }, { id: 'b' }]);
    expect(await ordered(db, 'desc', 'x', 1)).toEqual([{ id: 'd' }]);
    await db.destroy();
  });

  it('by a list of IDs: one statement per number of IDs', async () => {
    const db = open();
    const built: number[] = [];
    const byIds = compileForIds((k: Kysely<T>, kind: string, ids: string[]) => {
      built.push(ids.length);
      return ofKindByIds(k, kind, ids);
    });
    expect(await byIds(db, 'x', ['a', 'c', 'd'])).toEqual([{ id: 'a' }, { id: 'd' }]);
    expect(await byIds(db, 'y', ['b', 'c', 'd'])).toEqual([{ id: 'c' }]);
    expect(await byIds(db, 'x', ['b'])).toEqual([{ id: 'b' }]);
    expect(built).toEqual([3, 1]);
    await db.destroy();
  });

  it('compile again for another database', async () => {
    const [one, two] = [open(), open()];
    await two.deleteFrom('t').where('id', '=', 'a').execute();
    const byId = compileOnce(
      (k: Kysely<T>, id: string) => k.selectFrom('t').select('n').where('id', '=', id),
      1,
    );
    expect(await byId(one, 'a')).toEqual([{ n: 1 }]);
    expect(await byId(two, 'a')).toEqual([]);
    await Promise.all([one.destroy(), two.destroy()]);
  });
});

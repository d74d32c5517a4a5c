import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from './dialect.js';
import type { Db } from './schema.js';
import type { SearchColumn, SearchIndex, SearchIndexSpec } from './search-index.js';

/** FTS5 with the trigram tokenizer answers substrings of 3 characters or more. */
const TRIGRAM = 3;

function sqliteSearchIndex(spec: SearchIndexSpec): SearchIndex {
  const table = sql.table(spec.table);
  const haystack = (column: SearchColumn) =>
    column === 'all'
      ? sql.join(
          spec.columns.map((c) => sql.ref(c)),
          sql` || ' ' || `,
        )
      : sql.ref(column);
  const indexedMatch = (column: SearchColumn, term: string) => {
    const needle = term.toLowerCase();
    if ([...needle].length < TRIGRAM) return undefined;
    // An FTS5 phrase: the whole needle, matched literally (quotes doubled).
    const phrase = `"${needle.replace(/"/g, '""')}"`;
    return sql<boolean>`${table} match ${column === 'all' ? phrase : `${column} : ${phrase}`}`;
  };
  return {
    indexedMatch,
    async fewMatches(db, instanceId, column, term, limit) {
      const condition = indexedMatch(column, term);
      if (!condition) return undefined;
      // Rowids first: the index alone, without reading each match's stored columns.
      const { rows } = await sql<{
        rowid: number;
      }>`select rowid from ${table} where ${condition} limit ${limit + 1}`.execute(db);
      if (rows.length > limit) return undefined;
      if (rows.length === 0) return [];
      const keys = await sql<{ key: string }>`select ${sql.ref(spec.key)} as key from ${table}
        where rowid in (${sql.join(rows.map((r) => r.rowid))}) and instance_id = ${instanceId}`.execute(
        db,
      );
      return keys.rows.map((r) => r.key);
    },
    ownerRowMatch(owner, column, term) {
      // The document the row points at, column by column (a phrase never spans two columns).
      const needle = term.toLowerCase();
      const columns = column === 'all' ? spec.columns : [column];
      const tests = sql.join(
        columns.map((c) => sql`instr(${sql.ref(c)}, ${needle}) > 0`),
        sql` or `,
      );
      return sql<boolean>`coalesce((select ${tests} from ${table} where rowid = ${sql.ref(owner.rowid)}), 0)`;
    },
    ownerMatch(owner, instanceId, column, term) {
      const condition =
        indexedMatch(column, term) ??
        // Below the trigram size the index cannot answer: scan the documents.
        sql<boolean>`instr(${haystack(column)}, ${term.toLowerCase()}) > 0`;
      return sql<boolean>`${sql.ref(owner.rowid)} in (select rowid from ${table} where ${condition} and instance_id = ${instanceId})`;
    },
    async upsert(db, doc, previousRowid) {
      if (previousRowid !== null) {
        await sql`delete from ${table} where rowid = ${previousRowid} and instance_id = ${doc.instanceId}`.execute(
          db,
        );
      }
      const columns = ['instance_id', spec.key, ...spec.columns];
      const values = [doc.instanceId, doc.key, ...spec.columns.map((c) => doc.fields[c] ?? '')];
      const result =
        await sql`insert into ${table} (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(values)})`.execute(
          db,
        );
      return Number(result.insertId);
    },
    async remove(db: Kysely<Db>, instanceId, _key, rowid) {
      if (rowid === null) return;
      await sql`delete from ${table} where rowid = ${rowid} and instance_id = ${instanceId}`.execute(
        db,
      );
    },
  };
}

export const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  lockForUpdate: (query) => query,
  lockSkipLocked: (query) => query,
  orderEvents: async () => {},
  unindexed: (ref) => sql`+${sql.ref(ref)}`,
  searchIndex: sqliteSearchIndex,
};

import { sql } from 'kysely';
import type { DialectAdapter } from './dialect.js';
import type { SearchColumn, SearchIndex, SearchIndexSpec } from './search-index.js';
import { escapeLike } from './values.js';

function postgresSearchIndex(spec: SearchIndexSpec): SearchIndex {
  const table = sql.table(spec.table);
  const key = sql.ref(spec.key);
  // The expression of the `all` GIN index (see the migration): it must be written the same.
  const haystack = (column: SearchColumn) =>
    column === 'all'
      ? sql`(${sql.join(
          spec.columns.map((c) => sql.ref(c)),
          sql` || ' ' || `,
        )})`
      : sql.ref(column);
  const indexedMatch = (column: SearchColumn, term: string) =>
    sql<boolean>`${haystack(column)} ilike ${`%${escapeLike(term.toLowerCase())}%`} escape '\\'`;
  return {
    indexedMatch,
    ownerMatch(owner, instanceId, column, term) {
      return sql<boolean>`${sql.ref(owner.id)} in (select ${key} from ${table} where ${indexedMatch(column, term)} and instance_id = ${instanceId})`;
    },
    async upsert(db, doc) {
      const columns = ['instance_id', spec.key, ...spec.columns];
      const values = [doc.instanceId, doc.key, ...spec.columns.map((c) => doc.fields[c] ?? '')];
      const updates = spec.columns.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`);
      await sql`insert into ${table} (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(values)})
        on conflict (${key}) do update set ${sql.join(updates)}
        where ${table}.instance_id = ${doc.instanceId}`.execute(db);
      return null;
    },
    async remove(db, instanceId, keyValue) {
      await sql`delete from ${table} where ${key} = ${keyValue} and instance_id = ${instanceId}`.execute(
        db,
      );
    },
  };
}

export const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  lockForUpdate: (query) => query.forUpdate(),
  lockSkipLocked: (query) => query.forUpdate().skipLocked(),
  async orderEvents(trx, instanceId) {
    await sql`select pg_advisory_xact_lock(hashtext('castellan.outbox'), hashtext(${instanceId}))`.execute(
      trx,
    );
  },
  unindexed: (ref) => sql.ref(ref),
  searchIndex: postgresSearchIndex,
};

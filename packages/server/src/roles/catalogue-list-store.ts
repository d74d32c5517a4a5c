import { sql, type Kysely, type Selectable } from 'kysely';
import type { Db } from '../db/schema.js';
import { escapeLike, unindexedRef } from '../db/values.js';
import type { Ordering, Page } from '../lists/list-params.js';
import { readPage } from '../lists/page-query.js';

/** The keyed catalogues of roles, listed the same way: permissions and role sets. */
export type CatalogueTable = 'permissions' | 'role_sets';

/**
 * The instance's rows of `table` that `query` matches: the exact ID, or a substring of the
 * name or the key, in any case (no query: every row). Both tables have `id`, `name` and `key`;
 * the builder is typed on one of them, the SQL names `table`.
 */
function matching(db: Kysely<Db>, table: CatalogueTable, instanceId: string, query?: string) {
  let q = db.selectFrom(table as 'permissions').where('instance_id', '=', instanceId);
  if (query !== undefined && query !== '') {
    const like = `%${escapeLike(query.toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or([
        eb('id', '=', query),
        sql<boolean>`lower(name) like ${like} escape '\\'`,
        sql<boolean>`lower(key) like ${like} escape '\\'`,
      ]),
    );
  }
  return q;
}

/** One page of the catalogue's rows matching `query`, in `ordering`. */
export async function listCatalogueRows<T extends CatalogueTable>(
  db: Kysely<Db>,
  table: T,
  instanceId: string,
  query: string | undefined,
  ordering: Ordering,
  page: Page,
): Promise<Selectable<Db[T]>[]> {
  const rows = await readPage(
    matching(db, table, instanceId, query).select('id'),
    `${table}.id`,
    ordering,
    page,
    (ids) =>
      db
        .selectFrom(table as 'permissions')
        .selectAll()
        .where(unindexedRef('instance_id'), '=', instanceId)
        .where('id', 'in', ids)
        .execute(),
  );
  return rows as unknown as Selectable<Db[T]>[];
}

/** How many of the catalogue's rows match `query` (`total_count`). */
export async function countCatalogueRows(
  db: Kysely<Db>,
  table: CatalogueTable,
  instanceId: string,
  query: string | undefined,
): Promise<number> {
  const row = await matching(db, table, instanceId, query)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

import { type Kysely, type RawBuilder, SqliteAdapter } from 'kysely';
import type { Db } from './schema.js';
import type { SearchIndex, SearchIndexSpec } from './search-index.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between SQLite and PostgreSQL, in one place: services and stores call these
 * and never branch on the dialect themselves (as Kysely's own `DialectAdapter` does).
 */
export interface DialectAdapter {
  readonly name: DialectName;
  /**
   * Makes a select lock the rows it reads until the transaction ends (PostgreSQL `FOR
   * UPDATE`). SQLite serializes write transactions, so there it changes nothing.
   */
  lockForUpdate<Q extends { forUpdate(): Q }>(query: Q): Q;
  /**
   * Locks the rows a select reads and skips rows another transaction holds (PostgreSQL
   * `FOR UPDATE SKIP LOCKED`), so workers in several processes claim disjoint rows. SQLite
   * has one writer at a time: there it changes nothing.
   */
  lockSkipLocked<Q extends { forUpdate(): Q; skipLocked(): Q }>(query: Q): Q;
  /**
   * Called by a write before its first outbox event: from here to its commit, no other write
   * of the instance records events (PostgreSQL: a transaction-scoped advisory lock), so
   * outbox ids follow commit order and webhooks go out in the order changes committed.
   * SQLite serializes writes already.
   */
  orderEvents(trx: Kysely<Db>, instanceId: string): Promise<void>;
  /**
   * A column the planner must not answer through an index (SQLite's unary `+`), for a
   * condition every row matches anyway, e.g. `instance_id` once rows are read by key.
   */
  unindexed(ref: string): RawBuilder<unknown>;
  /** The trigram substring index of one table (FTS5 in SQLite, pg_trgm in PostgreSQL). */
  searchIndex(spec: SearchIndexSpec): SearchIndex;
}

/** Which SQL dialect a Kysely instance speaks (for migrations, which take `Kysely<any>`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: only the adapter is read
export function dialectNameOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

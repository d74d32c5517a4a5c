import type { Kysely, RawBuilder } from 'kysely';
import type { Db } from './schema.js';

/** A table of search documents: one row per owner, one text column per searchable field. */
export interface SearchIndexSpec {
  table: keyof Db & string;
  /** The column holding the owner's ID. */
  key: string;
  columns: readonly string[];
}

/** `'all'` searches every column of the document at once. */
export type SearchColumn = string | 'all';

/** Where an owner table points at its search document. */
export interface OwnerRefs {
  /** The owner's ID, e.g. `users.id`. */
  id: string;
  /** The owner's pointer to its document row (SQLite FTS5 rowid), e.g. `users.search_rowid`. */
  rowid: string;
}

/**
 * A case-insensitive substring index over search documents. Terms are matched literally:
 * no wildcard or query syntax of the underlying engine reaches it.
 */
export interface SearchIndex {
  /**
   * The condition on the search table for documents containing `term`, answered by the
   * index; undefined when the index cannot answer it (SQLite: under 3 characters).
   */
  indexedMatch(column: SearchColumn, term: string): RawBuilder<boolean> | undefined;
  /**
   * The keys of the instance's documents containing `term` when the index finds at most
   * `limit` documents (of any instance) with it, else undefined: a narrow search becomes a
   * list of keys read by primary key. Undefined where the database plans the search as
   * well from the index's statistics (PostgreSQL's pg_trgm), so a probe would only add a
   * query.
   */
  fewMatches?(
    db: Kysely<Db>,
    instanceId: string,
    column: SearchColumn,
    term: string,
    limit: number,
  ): Promise<string[] | undefined>;
  /**
   * The condition on one owner row (already of the instance) testing its own document, for
   * lists that walk an ordering index and stop after a page: nothing is materialized.
   * Undefined where `ownerMatch` is as good (PostgreSQL plans the set from its statistics).
   */
  ownerRowMatch?(owner: OwnerRefs, column: SearchColumn, term: string): RawBuilder<boolean>;
  /** The condition on owner rows (of the instance) whose document contains `term`, for any term length. */
  ownerMatch(
    owner: OwnerRefs,
    instanceId: string,
    column: SearchColumn,
    term: string,
  ): RawBuilder<boolean>;
  /**
   * Writes the owner's document (replacing the previous one) and returns what the owner
   * must store to find it again (SQLite: the FTS5 rowid; PostgreSQL: null, keyed by ID).
   */
  upsert(
    db: Kysely<Db>,
    doc: { instanceId: string; key: string; fields: Record<string, string> },
    previousRowid: number | null,
  ): Promise<number | null>;
  /** Removes the owner's document. */
  remove(db: Kysely<Db>, instanceId: string, key: string, rowid: number | null): Promise<void>;
}

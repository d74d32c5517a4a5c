import { type RawBuilder, sql } from 'kysely';

/** Reads a boolean column: SQLite gives 0/1, PostgreSQL true/false. */
export function toBool(value: boolean | number | null | undefined): boolean {
  return value === true || value === 1;
}

/** Reads a JSON column: SQLite gives text, PostgreSQL parsed JSONB. */
export function parseJson<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Escapes LIKE wildcards so user input matches literally (used with `ESCAPE '\'`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A column compared through an expression no index answers, in either dialect: for the
 * `instance_id` of rows read by key (`id in (…)`), which every such row matches anyway.
 * Without it SQLite's planner, lacking statistics, may walk the instance's `(instance_id, …)`
 * index (every row of the instance) instead of looking up each key.
 */
export function unindexedRef(ref: string): RawBuilder<string> {
  return sql<string>`(${sql.ref(ref)} || '')`;
}

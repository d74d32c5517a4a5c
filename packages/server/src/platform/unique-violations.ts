import type { ClerkApiError } from '../errors/clerk-api-error.js';

/** A unique index and what its violation means to the caller. */
export interface UniqueIndex {
  /** The index name, as PostgreSQL reports it. */
  name: string;
  /** Its table and columns, as SQLite reports them. */
  table: string;
  columns: readonly string[];
  /** The error a violation means (a concurrent writer took the value between check and write). */
  error: () => ClerkApiError;
}

const byName = new Map<string, UniqueIndex>();
const byColumns = new Map<string, UniqueIndex>();

const columnsKey = (table: string, columns: readonly string[]) => `${table}(${columns.join(',')})`;

/** Each domain registers the unique indexes its writes can violate. */
export function registerUniqueIndexes(indexes: readonly UniqueIndex[]): void {
  for (const index of indexes) {
    byName.set(index.name, index);
    byColumns.set(columnsKey(index.table, index.columns), index);
  }
}

/** Every registered index (a test checks each against the migrated schema). */
export function registeredUniqueIndexes(): UniqueIndex[] {
  return [...byName.values()];
}

/** SQLite: `UNIQUE constraint failed: users.instance_id, users.username_lower`. */
function sqliteIndexOf(message: string): UniqueIndex | undefined {
  const list = /constraint failed: (.+)$/.exec(message)?.[1];
  if (!list) return undefined;
  const refs = list.split(', ').map((ref) => ref.split('.'));
  const table = refs[0]?.[0];
  if (!table || refs.some((r) => r.length !== 2 || r[0] !== table)) return undefined;
  return byColumns.get(
    columnsKey(
      table,
      refs.map((r) => r[1]!),
    ),
  );
}

/** A unique index refused the row (PostgreSQL 23505, SQLite's UNIQUE/PRIMARY KEY constraint). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * A unique-index violation from either dialect as the Clerk error its index registered;
 * anything else (an unregistered index included) is returned unchanged.
 */
export function translateUniqueViolation(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code === '23505' && e.constraint) return byName.get(e.constraint)?.error() ?? error;
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && e.message) {
    return sqliteIndexOf(e.message)?.error() ?? error;
  }
  return error;
}

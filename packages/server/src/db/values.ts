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

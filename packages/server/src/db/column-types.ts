import type { ColumnType } from 'kysely';

/** Booleans are INTEGER 0/1 in SQLite and BOOLEAN in PostgreSQL; reads go through `toBool`. */
export type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;
/** JSON is TEXT in SQLite and JSONB in PostgreSQL; writes are strings, reads go through `parseJson`. */
export type Json = ColumnType<unknown, string, string>;
/** Unix milliseconds, BIGINT in both dialects (parsed to number on PostgreSQL). */
export type Millis = number;

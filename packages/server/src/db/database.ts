import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { DialectAdapter, DialectName } from './dialect.js';
import { postgresAdapter } from './postgres-adapter.js';
import { createPostgresPool } from './postgres-pool.js';
import {
  ensureParentDirs,
  ensurePrivateDir,
  ensurePrivateFile,
  tightenPrivateFile,
} from './private-files.js';
import type { Db } from './schema.js';
import { sqliteAdapter } from './sqlite-adapter.js';
import { openSqlite } from './sqlite-database.js';
import { guardTransactions } from './write-guard.js';

export interface Database {
  db: Kysely<Db>;
  dialect: DialectName;
  /** What differs between the dialects, for the stores. */
  adapter: DialectAdapter;
  /** SQLite `:memory:`: everything in it, sealed secrets included, ends with the process. */
  inMemory?: boolean;
  /** Runs a trivial query; throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`, `sqlite:…`/a file path, or `:memory:`. */
  url?: string | undefined;
  /** Where the default SQLite file lives when no url is given. */
  dataDir?: string | undefined;
  poolSize?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/**
 * Resolves the SQLite filename from a url (`sqlite:path`, `file:path`, a bare path) or the
 * data dir, which is created (or tightened) 0700: it holds the database and the key file.
 */
export function sqliteFilename(options: DatabaseOptions): string {
  const url = options.url;
  if (url === ':memory:') return url;
  if (url) return url.replace(/^(sqlite|file):(\/\/)?/, '');
  const dir = options.dataDir ?? '.castellan';
  ensurePrivateDir(dir);
  return path.join(dir, 'castellan.sqlite');
}

export function openDatabase(options: DatabaseOptions): Database {
  if (isPostgresUrl(options.url)) {
    const pg = createPostgresPool(options.url, options.poolSize);
    const db = new Kysely<Db>({
      dialect: guardTransactions(new PostgresDialect({ pool: pg as never })),
    });
    return {
      db,
      dialect: 'postgres',
      adapter: postgresAdapter,
      ping: async () => void (await sql`select 1`.execute(db)),
      close: () => db.destroy(),
    };
  }
  const filename = sqliteFilename(options);
  if (filename !== ':memory:') {
    ensureParentDirs(path.dirname(path.resolve(filename)));
    // The file holds password digests and sealed secrets: 0600 before SQLite opens it, so
    // the -wal and -shm files it creates inherit that mode; older ones are tightened.
    ensurePrivateFile(filename);
    for (const suffix of ['-wal', '-shm']) tightenPrivateFile(`${filename}${suffix}`);
  }
  const sqlite = openSqlite(filename);
  const db = new Kysely<Db>({
    dialect: guardTransactions(new SqliteDialect({ database: sqlite })),
  });
  return {
    db,
    dialect: 'sqlite',
    adapter: sqliteAdapter,
    inMemory: filename === ':memory:',
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

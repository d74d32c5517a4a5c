import pg from 'pg';
import {
  DEFAULT_STATEMENTS_PER_CONNECTION,
  SeenTexts,
  StatementCache,
} from './prepared-statements.js';

/**
 * A pg pool whose repeated queries run as named prepared statements: PostgreSQL then
 * parses each once per connection, which halves the cost of the point queries on the hot
 * paths. Each connection keeps at most `statementsPerConnection` of them, least recently
 * used deallocated first (prepared-statements.ts); a text seen once runs unnamed, as do
 * statements without parameters (DDL, BEGIN/COMMIT).
 */
export function createPostgresPool(
  connectionString: string,
  max = 10,
  onIdleError?: (err: Error) => void,
  statementsPerConnection = DEFAULT_STATEMENTS_PER_CONNECTION,
) {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        // BIGINT holds Unix milliseconds and counts: safe as JS numbers.
        oid === 20
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server drops (restart, failover, admin shutdown) emits
  // 'error' on the pool; unhandled, that would crash the process. The pool discards the
  // client and the next query opens a new connection.
  pool.on('error', (err) => onIdleError?.(err));
  const seen = new SeenTexts(statementsPerConnection * 10);
  // One cache per pg client: pool clients are reused across connect() calls.
  const caches = new WeakMap<pg.PoolClient, StatementCache>();

  return {
    pool,
    async connect() {
      const client = await pool.connect();
      let cache = caches.get(client);
      if (!cache) {
        cache = new StatementCache(statementsPerConnection, seen);
        caches.set(client, cache);
      }
      const statements = cache;
      return {
        query(sql: string, values: unknown[]) {
          if (values.length === 0) return client.query(sql);
          return statements.query(client, sql, values);
        },
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

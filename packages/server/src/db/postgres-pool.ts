import pg from 'pg';

/**
 * A pg pool whose queries run as named prepared statements (keyed by SQL text): PostgreSQL
 * then plans each distinct statement once per connection, which halves the cost of the
 * point queries on the hot paths. Statements without parameters (DDL, BEGIN/COMMIT) run
 * unnamed.
 */
export function createPostgresPool(
  connectionString: string,
  max = 10,
  onIdleError?: (err: Error) => void,
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
  const names = new Map<string, string>();

  function nameOf(sql: string): string {
    let name = names.get(sql);
    if (!name) {
      name = `c${names.size}`;
      names.set(sql, name);
    }
    return name;
  }

  return {
    pool,
    async connect() {
      const client = await pool.connect();
      return {
        query(sql: string, values: unknown[]) {
          if (values.length === 0) return client.query(sql);
          return client.query({ name: nameOf(sql), text: sql, values });
        },
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

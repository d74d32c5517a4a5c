import type pg from 'pg';

/**
 * Named statements one connection keeps. PostgreSQL holds each one's parse tree and plans
 * in the backend (60 KB for a small query, far more once plans are cached) until it is
 * deallocated or the connection closes; with a name per distinct SQL text and filters
 * that vary, each backend grew from 20 MB to 340 MB in 30 s (issue 6).
 */
export const DEFAULT_STATEMENTS_PER_CONNECTION = 100;

/** pg's own record of what it has parsed on a connection (not public API: see below). */
interface PgConnectionInternals {
  parsedStatements?: Record<string, string>;
}

type QueryClient = Pick<pg.PoolClient, 'query'>;

/**
 * Which SQL texts run as named prepared statements on one connection, least recently used
 * first. A text is named the second time the pool sees it, so one-off texts (a filter
 * combination used once) run unnamed and never take a slot; when the connection is full,
 * the least recently used statement is deallocated before a new one is named.
 */
export class StatementCache {
  private readonly names = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly capacity: number,
    private readonly seen: SeenTexts,
  ) {}

  /** Runs `text` with `values`, named when it is hot, unnamed otherwise. */
  query(client: QueryClient, text: string, values: unknown[]) {
    const known = this.names.get(text);
    if (known === undefined) return this.queryCold(client, text, values);
    // Most recently used last: Map keeps insertion order.
    this.names.delete(text);
    this.names.set(text, known);
    return client.query({ name: known, text, values });
  }

  private async queryCold(client: QueryClient, text: string, values: unknown[]) {
    const hot =
      this.seen.sawBefore(text) &&
      (this.names.size < this.capacity || (await this.evictOldest(client)));
    if (!hot) return client.query({ text, values });
    const name = `s${this.counter++}`;
    this.names.set(text, name);
    return client.query({ name, text, values });
  }

  /**
   * Deallocates the least recently used statement on the server and in pg's own record
   * of parsed statements, which pg consults to skip Parse; pg has no API for it (brianc/
   * node-postgres#1889; graphile-engine does the same). Without that record (a future pg),
   * or while the transaction is aborted (DEALLOCATE then fails), nothing is evicted and
   * the caller runs unnamed: the bound holds either way.
   */
  private async evictOldest(client: QueryClient): Promise<boolean> {
    const parsed = (client as { connection?: PgConnectionInternals }).connection?.parsedStatements;
    const oldest = this.names.entries().next().value;
    if (!oldest || typeof parsed !== 'object' || parsed === null) return false;
    const [text, name] = oldest;
    try {
      await client.query(`deallocate "${name}"`);
    } catch (error) {
      // 26000: it was never prepared (its Parse failed): the slot is free all the same.
      if ((error as { code?: string }).code !== '26000') return false;
    }
    delete parsed[name];
    this.names.delete(text);
    return true;
  }
}

/** SQL texts the pool has run at least once, bounded: forgotten all at once when full. */
export class SeenTexts {
  private readonly texts = new Set<string>();

  constructor(private readonly limit: number) {}

  /** Whether `text` ran before; records it either way. */
  sawBefore(text: string): boolean {
    if (this.texts.has(text)) return true;
    if (this.texts.size >= this.limit) this.texts.clear();
    this.texts.add(text);
    return false;
  }
}

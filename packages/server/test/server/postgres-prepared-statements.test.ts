import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPostgresPool } from '../../src/db/postgres-pool.js';
import { testDialects } from '../helpers/test-server.js';

const BOUND = 5;
type Pool = ReturnType<typeof createPostgresPool>;
type Connection = Awaited<ReturnType<Pool['connect']>>;

/** A distinct SQL text per `i`; `$1` keeps it parameterized (named-statement candidate). */
const textFor = (i: number) => `select $1::int + ${i} as n`;

async function run(connection: Connection, i: number): Promise<number> {
  const result = await connection.query(textFor(i), [1]);
  return (result.rows[0] as { n: number }).n;
}

async function preparedStatements(connection: Connection): Promise<string[]> {
  const result = await connection.query('select statement from pg_prepared_statements', []);
  return (result.rows as { statement: string }[]).map((r) => r.statement);
}

// Issue 6: every distinct SQL text became a named statement that was never deallocated.
describe.skipIf(!testDialects().includes('postgres'))('PostgreSQL prepared statements', () => {
  let pool: Pool;
  let held: Connection[] = [];

  beforeEach(() => {
    pool = createPostgresPool(inject('postgresAdminUrl'), 2, undefined, BOUND);
  });
  afterEach(async () => {
    for (const c of held.splice(0)) c.release();
    await pool.end();
  });

  /** Both connections of the pool, held until the test ends. */
  async function bothConnections(): Promise<Connection[]> {
    held = await Promise.all([pool.connect(), pool.connect()]);
    return held;
  }

  it('keeps each connection within the bound however many texts run, with right answers', async () => {
    const connections = await bothConnections();
    for (let i = 0; i < 60; i++) {
      // Twice each: the second use is what makes a text a named statement.
      for (const c of connections) {
        expect(await run(c, i)).toBe(1 + i);
        expect(await run(c, i)).toBe(1 + i);
      }
    }
    for (const c of connections) {
      const statements = await preparedStatements(c);
      expect(statements).toHaveLength(BOUND);
      expect(statements.sort()).toEqual([55, 56, 57, 58, 59].map(textFor).sort());
    }
    // An evicted text prepares again under a new name and still answers.
    expect(await run(connections[0]!, 0)).toBe(1);
    expect(await run(connections[0]!, 0)).toBe(1);
  });

  it('names a text on its second use only, so one-off texts take no slot', async () => {
    const [c] = await bothConnections();
    for (let i = 100; i < 140; i++) await run(c!, i);
    expect(await preparedStatements(c!)).toEqual([]);
    await run(c!, 100);
    expect(await preparedStatements(c!)).toEqual([textFor(100)]);
  });

  it('keeps a hot query prepared while cold ones come and go', async () => {
    const [c] = await bothConnections();
    const hot = 'select $1::text as id';
    for (let i = 0; i < 40; i++) {
      await c!.query(hot, [`user_${i}`]);
      await run(c!, 1000 + i);
      await run(c!, 1000 + i);
    }
    const statements = await preparedStatements(c!);
    expect(statements).toContain(hot);
    expect(statements).toHaveLength(BOUND);
  });

  it('recovers when eviction meets an aborted transaction, and a rolled-back DEALLOCATE stays done', async () => {
    const [c] = await bothConnections();
    for (let i = 0; i < BOUND; i++) for (let k = 0; k < 2; k++) await run(c!, i);
    await run(c!, 50); // seen once: the next use must evict

    await c!.query('begin', []);
    await expect(c!.query('select 1/0', [])).rejects.toThrow(/division by zero/);
    await expect(run(c!, 50)).rejects.toThrow(/current transaction is aborted/);
    await c!.query('rollback', []);

    await c!.query('begin', []);
    expect(await run(c!, 50)).toBe(51); // evicts textFor(0) inside the transaction
    await c!.query('rollback', []);
    expect(await preparedStatements(c!)).not.toContain(textFor(0));
    expect(await run(c!, 0)).toBe(1);
    expect(await run(c!, 0)).toBe(1);
    expect((await preparedStatements(c!)).length).toBeLessThanOrEqual(BOUND);
  });
});

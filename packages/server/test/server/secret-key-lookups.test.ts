import type { FastifyInstance } from 'fastify';
import {
  SelectQueryNode,
  TableNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { expectContract } from '../helpers/contract.js';
import {
  createTestDatabase,
  TEST_SECRET_KEY,
  testDialects,
  type TestDatabase,
  TEST_ENCRYPTION_KEY,
} from '../helpers/test-server.js';

/**
 * Watches the database from outside the server: counts the queries that read `instances`
 * (the secret key lookups) and can hold their results back, to line up concurrent requests.
 */
class InstanceLookups implements KyselyPlugin {
  count = 0;
  #held: Promise<void> | undefined;
  #lookups = new WeakSet<object>();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const readsInstances =
      SelectQueryNode.is(node) &&
      (node.from?.froms ?? []).some(
        (from) => TableNode.is(from) && from.table.identifier.name === 'instances',
      );
    if (readsInstances) {
      this.count++;
      this.#lookups.add(queryId);
    }
    return node;
  }

  async transformResult({
    queryId,
    result,
  }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#lookups.has(queryId)) await this.#held;
    return result;
  }

  /** Holds lookup results until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.#held = new Promise((resolve) => (release = resolve));
    return () => {
      this.#held = undefined;
      release();
    };
  }
}

/** A secret key of the right shape that belongs to no instance. */
const wrongKey = (n: number) => `sk_test_wrongKeyNumber${String(n).padStart(12, '0')}abcdefgh`;

function countUsers(app: FastifyInstance, key: string) {
  return app.inject({ url: '/v1/users/count', headers: { authorization: `Bearer ${key}` } });
}

// Regression, issue 6: the key cache was cleared whenever it held 10,000 entries, so random
// wrong keys evicted the good ones, and every miss was a database query.
describe.each(testDialects())('secret key lookups (%s)', { timeout: 180_000 }, (dialect) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const lookups = new InstanceLookups();
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    app = await createServer({
      encryptionKey: TEST_ENCRYPTION_KEY,
      database: { ...testDb.database, db: testDb.database.db.withPlugin(lookups) },
      secretKey: TEST_SECRET_KEY,
      logger: false,
      // Long enough that no entry expires while the test runs, however slow the machine.
      secretKeyCacheTtlMs: 3_600_000,
    });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.database.close();
    await testDb?.drop();
  });

  it('answers a malformed bearer token with 401 and never queries for it', async () => {
    const before = lookups.count;
    for (const token of [
      'weak',
      'sk_test_tooShort0123456789',
      `sk_test_${'a'.repeat(129)}`,
      'pk_test_bG9jYWxob3N0OjMyMTAk0123456789abcdefghijkl',
      'sk_test_has-punctuation-0123456789abcdefghijkl',
      `${TEST_SECRET_KEY}'--`,
    ]) {
      const res = await countUsers(app, token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        errors: [expect.objectContaining({ code: 'authentication_invalid' })],
        clerk_trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
    expect(lookups.count).toBe(before);
  });

  it('keeps the good key cached through 20,000 distinct wrong keys', async () => {
    const before = lookups.count;
    expectContract('GetUsersCount', await countUsers(app, TEST_SECRET_KEY));
    const goodKeyLookups = lookups.count - before; // 0 or 1: a test above may have cached it

    for (let batch = 0; batch < 20_000; batch += 500) {
      const answers = await Promise.all(
        Array.from({ length: 500 }, (_, i) => countUsers(app, wrongKey(batch + i))),
      );
      for (const res of answers) expect(res.statusCode).toBe(401);
    }
    expect(lookups.count - before).toBe(goodKeyLookups + 20_000);

    const after = lookups.count;
    expect((await countUsers(app, TEST_SECRET_KEY)).statusCode).toBe(200);
    // The most recent wrong keys are remembered too: a client retrying one costs no query.
    expect((await countUsers(app, wrongKey(19_999))).statusCode).toBe(401);
    expect(lookups.count).toBe(after);
  });

  it('looks a key up once for many concurrent requests', async () => {
    const key = wrongKey(1_000_000);
    const before = lookups.count;
    const release = lookups.hold();
    const pending = Array.from({ length: 50 }, () => countUsers(app, key));
    // An injected GET reaches the key lookup through promise continuations only: one turn
    // of the event loop later, all 50 requests have asked for the key, the first one's
    // query still held.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    for (const res of await Promise.all(pending)) expect(res.statusCode).toBe(401);
    expect(lookups.count - before).toBe(1);
  });
});

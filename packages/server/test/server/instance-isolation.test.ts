import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertInstance, insertUserCount } from '../../src/instances/instance-store.js';
import {
  hashSecretKey,
  publishableKeyFor,
  secretKeyHint,
} from '../../src/instances/secret-keys.js';
import { expectContract } from '../helpers/contract.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

describe.each(testDialects())('instances are isolated (%s)', (dialect) => {
  let server: TestServer;
  const otherKey = 'sk_test_secondInstanceKey0123456789abcdefgh';
  const other = { authorization: `Bearer ${otherKey}` };
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const now = Date.now();
    await insertInstance(server.database.db, {
      id: 'ins_second',
      name: 'second',
      secret_key_hash: hashSecretKey(otherKey),
      secret_key_hint: secretKeyHint(otherKey),
      publishable_key: publishableKeyFor('second.localhost'),
      frontend_api: 'second.localhost',
      is_default: false,
      created_at: now,
      updated_at: now,
    });
    await insertUserCount(server.database.db, 'ins_second');
  });
  afterAll(async () => server?.close());

  it("a key never sees, changes or collides with another instance's users", async () => {
    const mine = await createTestUser(server, {
      email_address: ['same@example.com'],
      username: 'same_name',
    });
    // The same identifiers are free in the other instance.
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: other,
      payload: {
        email_address: ['same@example.com'],
        username: 'same_name',
        password: 'an-uncommon-isolated-passphrase',
      },
    });
    const theirs = expectContract('CreateUser', res);
    expect(res.statusCode).toBe(200);

    for (const [headers, own, foreign] of [
      [server.auth, mine, theirs],
      [other, theirs, mine],
    ] as const) {
      const list = expectContract(
        'GetUserList',
        await server.app.inject({ url: '/v1/users', headers }),
      );
      expect(list.map((u: { id: string }) => u.id)).toEqual([own.id]);
      const count = expectContract(
        'GetUsersCount',
        await server.app.inject({ url: '/v1/users/count?query=same', headers }),
      );
      expect(count.total_count).toBe(1);
      expect(
        (await server.app.inject({ url: `/v1/users/${foreign.id}`, headers })).statusCode,
      ).toBe(404);
      const patch = await server.app.inject({
        method: 'PATCH',
        url: `/v1/users/${foreign.id}`,
        headers,
        payload: { first_name: 'x' },
      });
      expect(patch.statusCode).toBe(404);
      const del = await server.app.inject({
        method: 'DELETE',
        url: `/v1/users/${foreign.id}`,
        headers,
      });
      expect(del.statusCode).toBe(404);
      const cursor = await server.app.inject({
        url: `/v1/users?starting_after=${foreign.id}`,
        headers,
      });
      expect(cursor.statusCode).toBe(422);
    }
    const otherJwks = expectContract(
      'GetJWKS',
      await server.app.inject({ url: '/v1/jwks', headers: other }),
    );
    expect(otherJwks.keys).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../helpers/contract.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

describe.each(testDialects())('users smoke (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server?.close());

  it('creates, gets, lists, counts and deletes a user', async () => {
    const user = await createTestUser(server, { first_name: 'Ada' });
    expect(user.first_name).toBe('Ada');
    const got = await server.app.inject({ url: `/v1/users/${user.id}`, headers: server.auth });
    expect(expectContract('GetUser', got).id).toBe(user.id);
    const list = await server.app.inject({ url: '/v1/users', headers: server.auth });
    expect(expectContract('GetUserList', list)).toHaveLength(1);
    const count = await server.app.inject({ url: '/v1/users/count', headers: server.auth });
    expect(expectContract('GetUsersCount', count)).toEqual({
      object: 'total_count',
      total_count: 1,
    });
    const del = await server.app.inject({
      method: 'DELETE',
      url: `/v1/users/${user.id}`,
      headers: server.auth,
    });
    expect(expectContract('DeleteUser', del)).toEqual({
      object: 'user',
      id: user.id,
      deleted: true,
    });
  });
});

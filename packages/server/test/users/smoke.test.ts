import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

describe.each(testDialects())('users smoke (%s)', (dialect) => {
  let api: Api;
  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
  });

  it('creates, gets, lists, counts and deletes a user', async () => {
    const user = await createTestUser(api, { first_name: 'Ada' });
    expect(user.first_name).toBe('Ada');
    expect((await api.ok('GetUser', { params: { user_id: user.id } })).id).toBe(user.id);
    expect((await api.ok('GetUserList')).map((u) => u.id)).toEqual([user.id]);
    expect(await api.ok('GetUsersCount')).toEqual({ object: 'total_count', total_count: 1 });
    expect(await api.ok('DeleteUser', { params: { user_id: user.id } })).toEqual({
      object: 'user',
      id: user.id,
      deleted: true,
    });
    expect(await api.ok('GetUsersCount')).toEqual({ object: 'total_count', total_count: 0 });
  });
});

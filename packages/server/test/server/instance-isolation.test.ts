import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

describe.each(testDialects())('instances are isolated (%s)', (dialect) => {
  let mine: Api;
  let theirs: Api;
  beforeAll(async () => {
    // Two instances on the same database, made by the real instance-creation code.
    mine = (await useTestInstance(dialect)).api;
    theirs = (await useTestInstance(dialect)).api;
  });

  it("a key never sees, changes or collides with another instance's users", async () => {
    const own = await createTestUser(mine, {
      email_address: ['same@example.com'],
      username: 'same_name',
      external_id: 'same-external',
    });
    // The same identifiers are free in the other instance.
    const foreign = await createTestUser(theirs, {
      email_address: ['same@example.com'],
      username: 'same_name',
      external_id: 'same-external',
      password: 'an-uncommon-isolated-passphrase',
    });

    for (const [api, self, other] of [
      [mine, own, foreign],
      [theirs, foreign, own],
    ] as const) {
      expect((await api.ok('GetUserList')).map((u) => u.id)).toEqual([self.id]);
      expect((await api.ok('GetUsersCount', { query: { query: 'same' } })).total_count).toBe(1);
      expect(
        (await api.ok('GetUserList', { query: { email_address: 'same@example.com' } })).map(
          (u) => u.id,
        ),
      ).toEqual([self.id]);
      const params = { user_id: other.id };
      await api.fail('GetUser', { params }, 404, 'resource_not_found');
      await api.fail('UpdateUser', { params, body: { first_name: 'x' } }, 404);
      await api.fail('UpdateUserMetadata', { params, body: { public_metadata: { a: 1 } } }, 404);
      await api.fail('ReplaceUserMetadata', { params, body: { public_metadata: { a: 1 } } }, 404);
      await api.fail('DeleteUser', { params }, 404);
      await api.fail('GetUserList', { query: { starting_after: other.id } }, 422);
    }
    // Nothing the other key tried changed the user.
    const after = await mine.ok('GetUser', { params: { user_id: own.id } });
    expect(after).toEqual(own);

    const [myKey] = (await mine.ok('GetJWKS')).keys!;
    const [theirKey] = (await theirs.ok('GetJWKS')).keys!;
    expect(myKey!.kid).not.toBe(theirKey!.kid);
  });
});

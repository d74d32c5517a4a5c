import { beforeAll, describe, expect, it } from 'vitest';
import { NARROW_SEARCH_LIMIT } from '../../src/users/user-candidates.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

/**
 * Searches matching more users than NARROW_SEARCH_LIMIT take the other path (a filter on
 * the main query, a count on the search documents): both paths must give the same answers.
 */
describe.each(testDialects())('GET /v1/users with broad and combined filters (%s)', (dialect) => {
  let api: Api;
  const total = NARROW_SEARCH_LIMIT + 20;
  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
    for (let i = 0; i < total; i++) {
      await api.ok('CreateUser', {
        body: {
          email_address: [`member${i}@broad.test`],
          first_name: i % 2 === 0 ? 'Even' : 'Odd',
          last_name: `Broadman${i}`,
          skip_password_requirement: true,
          banned: i % 10 === 0,
        },
      });
    }
  }, 120_000);

  const count = async (query: Record<string, string>) =>
    (await api.ok('GetUsersCount', { query })).total_count;
  const lastNames = async (query: Record<string, string | number>) =>
    (await api.ok('GetUserList', { query })).map((u) => u.last_name);

  it('counts and pages a search matching every user', async () => {
    expect(await count({ query: 'broadman' })).toBe(total);
    expect(await count({ name_query: 'broadman' })).toBe(total);
    expect(await count({ email_address_query: 'broad.test' })).toBe(total);
    expect(await lastNames({ query: 'broadman', limit: 5, order_by: 'created_at' })).toEqual([
      'Broadman0',
      'Broadman1',
      'Broadman2',
      'Broadman3',
      'Broadman4',
    ]);
  });

  it('counts and pages a short term matching every user (start of an email, a last name)', async () => {
    for (const query of ['me', 'br', 'M', 'b']) expect(await count({ query }), query).toBe(total);
    expect(await count({ email_address_query: 'ME' })).toBe(total);
    expect(await count({ name_query: 'ev' })).toBe(Math.ceil(total / 2));
    expect(await count({ name_query: 'ev', query: 'me' })).toBe(Math.ceil(total / 2));
    expect(await count({ query: 'me', banned: 'true' })).toBe(Math.ceil(total / 10));
    expect(await lastNames({ query: 'me', limit: 3, order_by: 'created_at' })).toEqual([
      'Broadman0',
      'Broadman1',
      'Broadman2',
    ]);
    expect(await lastNames({ query: 'br', limit: 2, offset: 1, order_by: '-created_at' })).toEqual([
      `Broadman${total - 2}`,
      `Broadman${total - 3}`,
    ]);
    expect(
      await lastNames({ query: 'me', banned: 'true', limit: 2, order_by: 'created_at' }),
    ).toEqual(['Broadman0', 'Broadman10']);
  });

  it('combines a broad search with other filters', async () => {
    expect(await count({ query: 'broadman', banned: 'true' })).toBe(Math.ceil(total / 10));
    expect(await count({ name_query: 'even', query: 'broadman' })).toBe(Math.ceil(total / 2));
  });

  it('intersects narrow filters: identifiers, user IDs and narrow searches', async () => {
    const [a] = await api.ok('GetUserList', { query: { email_address: 'member7@broad.test' } });
    expect(a!.last_name).toBe('Broadman7');
    expect(await count({ email_address: 'member7@broad.test', query: 'broadman7' })).toBe(1);
    expect(await count({ email_address: 'member7@broad.test', query: 'broadman8' })).toBe(0);
    expect(
      (await api.ok('GetUsersCount', { query: { user_id: [a!.id, `-${a!.id}`] } })).total_count,
    ).toBe(0);
    expect(await count({ user_id: `-${a!.id}`, query: 'broadman7' })).toBe(
      // broadman7, broadman70–79, broadman700–799 … minus the excluded one
      (await count({ query: 'broadman7' })) - 1,
    );
    expect(await count({ query: 'broadman101' })).toBe(11); // 101, 1010–1019
    // Users created in the same millisecond keep their creation order (monotonic IDs).
    expect(
      await lastNames({ query: 'broadman101', order_by: '-created_at', limit: 2, offset: 1 }),
    ).toEqual(['Broadman1018', 'Broadman1017']);
  });
});

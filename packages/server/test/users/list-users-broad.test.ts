import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NARROW_SEARCH_LIMIT } from '../../src/users/user-candidates.js';
import { expectContract } from '../helpers/contract.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';

/**
 * Searches matching more users than NARROW_SEARCH_LIMIT take the other path (a filter on
 * the main query, a count on the search documents): both paths must give the same answers.
 */
describe.each(testDialects())('GET /v1/users with broad and combined filters (%s)', (dialect) => {
  let server: TestServer;
  const total = NARROW_SEARCH_LIMIT + 20;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    for (let i = 0; i < total; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/users',
        headers: server.auth,
        payload: {
          email_address: [`member${i}@broad.test`],
          first_name: i % 2 === 0 ? 'Even' : 'Odd',
          last_name: `Broadman${i}`,
          skip_password_requirement: true,
          banned: i % 10 === 0,
        },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
    }
  }, 120_000);
  afterAll(async () => server?.close());

  const get = async (path: string) => {
    const res = await server.app.inject({ url: path, headers: server.auth });
    return path.startsWith('/v1/users/count')
      ? expectContract('GetUsersCount', res).total_count
      : expectContract('GetUserList', res);
  };

  it('counts and pages a search matching every user', async () => {
    expect(await get('/v1/users/count?query=broadman')).toBe(total);
    expect(await get('/v1/users/count?name_query=broadman')).toBe(total);
    expect(await get('/v1/users/count?email_address_query=broad.test')).toBe(total);
    const page = await get('/v1/users?query=broadman&limit=5&order_by=created_at');
    expect(page.map((u: any) => u.last_name)).toEqual([
      'Broadman0',
      'Broadman1',
      'Broadman2',
      'Broadman3',
      'Broadman4',
    ]);
  });

  it('combines a broad search with other filters', async () => {
    expect(await get('/v1/users/count?query=broadman&banned=true')).toBe(Math.ceil(total / 10));
    expect(await get('/v1/users/count?name_query=even&query=broadman')).toBe(Math.ceil(total / 2));
  });

  it('intersects narrow filters: identifiers, user IDs and narrow searches', async () => {
    const [a] = await get('/v1/users?email_address=member7@broad.test');
    expect(a.last_name).toBe('Broadman7');
    expect(await get('/v1/users/count?email_address=member7@broad.test&query=broadman7')).toBe(1);
    expect(await get('/v1/users/count?email_address=member7@broad.test&query=broadman8')).toBe(0);
    expect(await get(`/v1/users/count?user_id=${a.id}&user_id=-${a.id}`)).toBe(0);
    expect(await get(`/v1/users/count?user_id=-${a.id}&query=broadman7`)).toBe(
      // broadman7, broadman70–79, broadman700–799 … minus the excluded one
      (await get('/v1/users/count?query=broadman7')) - 1,
    );
    expect(await get('/v1/users/count?query=broadman101')).toBe(11); // 101, 1010–1019
    const narrow = await get('/v1/users?query=broadman101&order_by=-created_at&limit=2&offset=1');
    expect(narrow.map((u: any) => u.last_name)).toEqual(['Broadman1018', 'Broadman1017']);
  });
});

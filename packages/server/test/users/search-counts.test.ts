import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from '../../src/instances/instance-service.js';
import { Api } from '../helpers/api.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';

/**
 * Search counts read without the per-match instance test while one instance holds every
 * user, and reuse a count while no search document changed (`user_counts.search_version`):
 * both must stay exact as users come, change and go, in this instance or another, also
 * while those writes race the counts. A database of its own: the shared one has many
 * instances.
 */
describe.each(testDialects())('search counts stay exact (%s)', (dialect) => {
  let server: TestServer;
  let mine: Api;
  let theirs: Api;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    mine = server.api;
    const { secretKey } = await createInstance(server.database.db, {
      name: 'theirs',
      frontendApi: 'theirs.localhost',
      secrets: server.app.castellan.secrets,
    });
    theirs = new Api(server.app, secretKey);
  });
  afterAll(() => server?.close());

  const create = (api: Api, first: string, last: string, email: string) =>
    api.ok('CreateUser', {
      body: {
        first_name: first,
        last_name: last,
        email_address: [email],
        skip_password_requirement: true,
      },
    });
  const count = async (api: Api, query: Record<string, string>) =>
    (await api.ok('GetUsersCount', { query })).total_count;
  /** The count, checked against the list of every match. */
  const exactCount = async (api: Api, query: Record<string, string>) => {
    const listed = await api.ok('GetUserList', { query: { ...query, limit: 500 } });
    const counted = await count(api, query);
    expect(counted).toBe(listed.length);
    return counted;
  };

  it('counts only the instance whether or not another instance has users', async () => {
    const ours = [];
    for (let i = 0; i < 3; i++) ours.push(await create(mine, 'Pat', `Quimby${i}`, `q${i}@a.test`));
    // The other instance has no user yet: every document is ours.
    expect(await exactCount(mine, { query: 'quimby' })).toBe(3);
    expect(await exactCount(mine, { query: 'qu' })).toBe(3);
    expect(await exactCount(theirs, { query: 'quimby' })).toBe(0);

    const foreign = await create(theirs, 'Pat', 'Quimby9', 'q9@b.test');
    expect(await exactCount(mine, { query: 'quimby' })).toBe(3);
    expect(await exactCount(theirs, { query: 'quimby' })).toBe(1);
    expect(await exactCount(theirs, { query: 'qu' })).toBe(1);

    await mine.ok('DeleteUser', { params: { user_id: ours[0]!.id } });
    expect(await exactCount(mine, { query: 'quimby' })).toBe(2);
    await theirs.ok('DeleteUser', { params: { user_id: foreign.id } });
    expect(await exactCount(mine, { query: 'quimby' })).toBe(2);
    expect(await exactCount(theirs, { query: 'quimby' })).toBe(0);

    // A changed name leaves (and joins) the matches at once, however often it was counted.
    await mine.ok('UpdateUser', { params: { user_id: ours[1]!.id }, body: { last_name: 'Other' } });
    expect(await exactCount(mine, { query: 'quimby' })).toBe(1);
    expect(await exactCount(mine, { name_query: 'oth' })).toBe(1);
    await mine.ok('UpdateUser', {
      params: { user_id: ours[1]!.id },
      body: { last_name: 'Quimby' },
    });
    expect(await exactCount(mine, { query: 'quimby' })).toBe(2);
    expect(await exactCount(mine, { name_query: 'oth' })).toBe(0);
  });

  it('counts exactly while writes of both instances race the counts', async () => {
    const before = await count(mine, { query: 'racer' });
    const seen: number[] = [];
    const writes = (async () => {
      for (let i = 0; i < 12; i++) {
        await Promise.all([
          create(mine, 'Racer', `Mine${i}`, `racer${i}@a.test`),
          create(theirs, 'Racer', `Theirs${i}`, `racer${i}@b.test`),
        ]);
      }
    })();
    let done = false;
    void writes.finally(() => (done = true));
    while (!done && seen.length < 1000) {
      const [a, b] = await Promise.all([
        count(mine, { query: 'racer' }),
        count(mine, { query: 'ra' }),
      ]);
      seen.push(a);
      // Each count is a state that existed: between before and after, never going back.
      expect(a).toBeGreaterThanOrEqual(seen.at(-2) ?? before);
      expect(a).toBeLessThanOrEqual(before + 12);
      expect(b).toBeGreaterThanOrEqual(before);
    }
    await writes;
    // Once the writes are done, the next count sees every one of them.
    expect(await exactCount(mine, { query: 'racer' })).toBe(before + 12);
    expect(await exactCount(mine, { query: 'ra' })).toBe(before + 12);
    expect(await exactCount(theirs, { query: 'racer' })).toBe(12);
  });
});

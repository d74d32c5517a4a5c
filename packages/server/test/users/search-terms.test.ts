import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

/**
 * Terms of 1–2 characters match the start of a first or last name (any case), a username, an
 * email address (any of the user's) or a phone number (with or without its `+`); longer
 * terms match anywhere. Every list is checked against its count.
 */
describe.each(testDialects())('GET /v1/users with short search terms (%s)', (dialect) => {
  let api: Api;
  let other: Api;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
    ({ api: other } = await useTestInstance(dialect));
    const people = [
      { key: 'olivia', first_name: 'Olivia', last_name: 'Zapata', email: 'liv@ex.test' },
      { key: 'oscar', first_name: 'oscar', last_name: 'Martín', email: 'os@ex.test' },
      {
        key: 'bjorn',
        first_name: 'Björn',
        last_name: "O'Brien",
        email: 'bj@ex.test',
        username: 'zorro_b',
      },
      {
        key: 'emile',
        first_name: 'Émile',
        last_name: 'Dubois',
        email: 'em%_1@ex.test',
        phone: '+14155550142',
      },
      { key: 'nobody', first_name: null, last_name: null, email: 'q9@ex.test' },
    ];
    for (const p of people) {
      const user = await api.ok('CreateUser', {
        body: {
          email_address: [p.email],
          ...(p.first_name ? { first_name: p.first_name } : {}),
          ...(p.last_name ? { last_name: p.last_name } : {}),
          ...(p.username ? { username: p.username } : {}),
          ...(p.phone ? { phone_number: [p.phone] } : {}),
          skip_password_requirement: true,
        },
      });
      ids[p.key] = user.id;
    }
    // A second, non-primary address: searched like the primary one.
    await api.ok('CreateEmailAddress', {
      body: { user_id: ids.nobody!, email_address: 'xylo@ex.test', verified: true },
    });
    // Another instance's users never match.
    await other.ok('CreateUser', {
      body: {
        email_address: ['olga@ex.test'],
        first_name: 'Olga',
        skip_password_requirement: true,
      },
    });
  });

  /** The matching users' keys (sorted), after checking the count says the same. */
  async function matches(query: Record<string, string>): Promise<string[]> {
    const users = await api.ok('GetUserList', { query: { ...query, limit: 100 } });
    const { total_count } = await api.ok('GetUsersCount', { query });
    expect(total_count).toBe(users.length);
    const keyOf = new Map(Object.entries(ids).map(([k, id]) => [id, k]));
    return users.map((u) => keyOf.get(u.id) ?? u.id).sort();
  }

  it('match the start of a first or last name in any case, never the middle', async () => {
    expect(await matches({ query: 'o' })).toEqual(['bjorn', 'olivia', 'oscar']);
    expect(await matches({ query: 'O' })).toEqual(['bjorn', 'olivia', 'oscar']);
    expect(await matches({ query: 'MA' })).toEqual(['oscar']);
    expect(await matches({ query: 'bJ' })).toEqual(['bjorn']);
    expect(await matches({ query: 'é' })).toEqual(['emile']);
    expect(await matches({ query: 'Ém' })).toEqual(['emile']);
    expect(await matches({ query: "o'" })).toEqual(['bjorn']);
    expect(await matches({ query: 'iv' })).toEqual([]);
    expect(await matches({ name_query: 'za' })).toEqual(['olivia']);
    expect(await matches({ name_query: 'zo' })).toEqual([]);
  });

  it('match the start of a username, of any email address and of a phone number', async () => {
    expect(await matches({ query: 'zo' })).toEqual(['bjorn']);
    expect(await matches({ username_query: 'ZO' })).toEqual(['bjorn']);
    expect(await matches({ query: 'li' })).toEqual(['olivia']);
    expect(await matches({ query: 'x' })).toEqual(['nobody']);
    expect(await matches({ email_address_query: 'XY' })).toEqual(['nobody']);
    expect(await matches({ email_address_query: 'za' })).toEqual([]);
    expect(await matches({ query: '+1' })).toEqual(['emile']);
    expect(await matches({ query: '14' })).toEqual(['emile']);
    expect(await matches({ phone_number_query: '1' })).toEqual(['emile']);
    expect(await matches({ phone_number_query: '41' })).toEqual([]);
  });

  it('match wildcard characters literally', async () => {
    expect(await matches({ query: '%' })).toEqual([]);
    expect(await matches({ query: '_' })).toEqual([]);
    expect(await matches({ query: 'e_' })).toEqual([]);
    expect(await matches({ query: 'm%' })).toEqual([]);
    expect(await matches({ email_address_query: 'em' })).toEqual(['emile']);
    // From 3 characters on, a term matches anywhere.
    expect(await matches({ query: 'm%_' })).toEqual(['emile']);
    expect(await matches({ query: 'ivi' })).toEqual(['olivia']);
  });

  it('combine with other filters and stay inside the instance', async () => {
    expect(await matches({ query: 'o', banned: 'false' })).toEqual(['bjorn', 'olivia', 'oscar']);
    expect(await matches({ query: 'o', name_query: 'ma' })).toEqual(['oscar']);
    expect(await matches({ query: 'o', user_id: `-${ids.oscar}` })).toEqual(['bjorn', 'olivia']);
    expect(await matches({ query: 'ol' })).toEqual(['olivia']);
    expect((await other.ok('GetUsersCount', { query: { query: 'ol' } })).total_count).toBe(1);
    expect((await other.ok('GetUsersCount', { query: { query: 'os' } })).total_count).toBe(0);
  });

  it('follow changes to names and email addresses', async () => {
    await api.ok('UpdateUser', { params: { user_id: ids.nobody! }, body: { first_name: 'Quill' } });
    expect(await matches({ query: 'qu' })).toEqual(['nobody']);
    const added = await api.ok('CreateEmailAddress', {
      body: { user_id: ids.olivia!, email_address: 'kestrel@ex.test', verified: true },
    });
    expect(await matches({ query: 'ke' })).toEqual(['olivia']);
    await api.ok('DeleteEmailAddress', { params: { email_address_id: added.id! } });
    expect(await matches({ query: 'ke' })).toEqual([]);
  });
});

import type { SuccessBody } from '@castellan/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects, type DialectName } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

type User = SuccessBody<'GetUser'>;

const wallet = (digit: string) => `0x${digit.repeat(40)}`;

/** Each field orders the five users differently from their creation order. */
const PEOPLE = [
  {
    first_name: 'Alice',
    last_name: 'Zephyr',
    username: 'dd_user',
    phone_number: ['+14155550103'],
    web3_wallet: [wallet('3')],
  },
  {
    first_name: 'Bob',
    last_name: 'Young',
    username: 'bobby',
    external_id: 'ext-bob',
    phone_number: ['+14155550105'],
    web3_wallet: [wallet('1')],
  },
  {
    first_name: 'Carol',
    last_name: 'Xu',
    username: 'ee_user',
    phone_number: ['+14155550101'],
    web3_wallet: ['0x52908400098527886E0F7030069857D2E4169EE7'],
  },
  {
    first_name: 'Dave',
    last_name: 'Wong',
    username: 'aa_user',
    banned: true,
    external_id: 'ext-dave',
    phone_number: ['+14155550104'],
    web3_wallet: [wallet('2')],
  },
  {
    first_name: 'Eve',
    last_name: 'Vance',
    username: 'cc_user',
    email_address: ['eve.100%_real@Example.org'],
  },
];

/** What each `order_by` field sorts by, read off the user object. */
const SORT_VALUE: Record<string, (u: User) => string | number | null> = {
  created_at: (u) => u.created_at,
  updated_at: (u) => u.updated_at,
  email_address: (u) =>
    u.email_addresses
      .find((e) => e.id === u.primary_email_address_id)
      ?.email_address.toLowerCase() ?? null,
  web3wallet: (u) =>
    u.web3_wallets.find((w) => w.id === u.primary_web3_wallet_id)?.web3_wallet.toLowerCase() ??
    null,
  phone_number: (u) =>
    u.phone_numbers.find((p) => p.id === u.primary_phone_number_id)?.phone_number ?? null,
  first_name: (u) => u.first_name,
  last_name: (u) => u.last_name,
  username: (u) => u.username?.toLowerCase() ?? null,
  last_active_at: (u) => u.last_active_at,
  last_sign_in_at: (u) => u.last_sign_in_at,
};

/**
 * The order the list promises: by the field, ties by ID in the same direction; empty values
 * sort the database's way (smallest in SQLite, largest in PostgreSQL), as docs/behaviour.md says.
 */
function expectedOrder(users: User[], field: string, desc: boolean, dialect: DialectName) {
  const nullRank = dialect === 'sqlite' ? -1 : 1;
  const compare = (a: User, b: User) => {
    const va = SORT_VALUE[field]!(a);
    const vb = SORT_VALUE[field]!(b);
    let c: number;
    if (va === null || vb === null) c = va === vb ? 0 : va === null ? nullRank : -nullRank;
    else c = va < vb ? -1 : va > vb ? 1 : 0;
    if (c === 0) c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return desc ? -c : c;
  };
  return [...users].sort(compare).map((u) => u.first_name);
}

describe.each(testDialects())('GET /v1/users and /v1/users/count (%s)', (dialect) => {
  let api: Api;
  const users: User[] = [];
  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
    const base = Date.parse('2024-01-01T00:00:00Z');
    for (const [i, p] of PEOPLE.entries()) {
      users.push(
        await createTestUser(api, {
          email_address: [`${p.first_name.toLowerCase()}@example.com`],
          created_at: new Date(base + i * 60_000).toISOString(),
          ...p,
        }),
      );
    }
  });

  async function list(query: Record<string, unknown> | string) {
    const res = await api.call(
      'GetUserList',
      typeof query === 'string' ? { rawQuery: query } : { query: query as never },
    );
    if (res.status !== 200) return { status: res.status, body: res.body };
    return { status: 200, names: (res.body as User[]).map((u) => u.first_name), body: res.body };
  }
  async function count(query: Record<string, unknown> | string) {
    const res = await api.call(
      'GetUsersCount',
      typeof query === 'string' ? { rawQuery: query } : { query: query as never },
    );
    return res.status === 200 ? res.body.total_count : { status: res.status, body: res.body };
  }

  it('lists newest first by default, with limit and offset', async () => {
    expect((await list({})).names).toEqual(['Eve', 'Dave', 'Carol', 'Bob', 'Alice']);
    expect((await list({ limit: 2, offset: 1 })).names).toEqual(['Dave', 'Carol']);
    expect(await count({})).toBe(5);
  });

  it.each(Object.keys(SORT_VALUE))('orders by %s, ascending and descending', async (field) => {
    for (const [prefix, desc] of [
      ['', false],
      ['+', false],
      ['-', true],
    ] as const) {
      const { names } = await list({ order_by: `${prefix}${field}` });
      expect(names, `${prefix}${field}`).toEqual(expectedOrder(users, field, desc, dialect));
    }
  });

  it('orders by fields that differ from creation order as the data says', async () => {
    expect((await list({ order_by: 'username' })).names).toEqual([
      'Dave',
      'Bob',
      'Eve',
      'Alice',
      'Carol',
    ]);
    expect((await list({ order_by: '-phone_number' })).names!.slice(0, 4)).toEqual(
      dialect === 'sqlite' ? ['Bob', 'Dave', 'Alice', 'Carol'] : ['Eve', 'Bob', 'Dave', 'Alice'],
    );
    expect((await list({ order_by: '-last_name', limit: 2 })).names).toEqual(['Alice', 'Bob']);
  });

  it('rejects an order_by that is not a field, even one every object has', async () => {
    for (const order_by of ['password', 'constructor', '__proto__', '-toString', '']) {
      const r = await list({ order_by });
      expect(r.status, order_by).toBe(422);
      expect(r.body.errors[0]).toMatchObject({
        code: 'form_param_value_invalid',
        meta: { param_name: 'order_by' },
      });
    }
  });

  it('filters by exact identifiers (repeated keys) and counts the same', async () => {
    const q = { email_address: ['alice@example.com', 'BOB@example.com'] };
    expect((await list(q)).names).toEqual(['Bob', 'Alice']);
    expect(await count(q)).toBe(2);
    expect((await list({ phone_number: '+14155550101' })).names).toEqual(['Carol']);
    expect((await list({ username: 'BOBBY' })).names).toEqual(['Bob']);
    expect(
      (await list({ web3_wallet: '0x52908400098527886e0f7030069857d2e4169ee7' })).names,
    ).toEqual(['Carol']);
    expect((await list({ external_id: 'ext-bob' })).names).toEqual(['Bob']);
    expect((await list({ external_id: '-ext-bob' })).names).toEqual([
      'Eve',
      'Dave',
      'Carol',
      'Alice',
    ]);
    expect((await list({ user_id: [users[0]!.id, users[2]!.id] })).names).toEqual([
      'Carol',
      'Alice',
    ]);
    expect((await list({ user_id: `-${users[0]!.id}` })).names).toEqual([
      'Eve',
      'Dave',
      'Carol',
      'Bob',
    ]);
    expect(await count({ user_id: `+${users[1]!.id}` })).toBe(1);
    expect((await list({ email_address: 'nobody@example.com' })).names).toEqual([]);
  });

  it('filters by an unknown organization and by provider (no accounts exist yet)', async () => {
    expect((await list({ organization_id: 'org_123' })).names).toEqual([]);
    expect((await list({ organization_id: '-org_123' })).names).toHaveLength(5);
    expect((await list({ provider: 'oauth_google', provider_user_id: '123' })).names).toEqual([]);
    const alone = await list({ provider: 'oauth_google' });
    expect(alone.status).toBe(422);
    expect(alone.body.errors[0]).toMatchObject({
      code: 'form_conditional_param_missing',
      meta: { param_name: 'provider_user_id' },
    });
  });

  it('searches partially and case-insensitively', async () => {
    expect((await list({ query: 'ALI' })).names).toEqual(['Alice']);
    // 1–2 characters match the start of a name, username, email or phone (Alice: dd_user).
    expect((await list({ query: 'dd' })).names).toEqual(['Alice']);
    expect((await list({ query: 'd_' })).names).toEqual([]);
    expect((await list({ query: 'zephyr' })).names).toEqual(['Alice']);
    expect((await list({ query: users[3]!.id.slice(5, 20) })).names).toEqual(['Dave']);
    expect((await list({ query: '4155550101' })).names).toEqual(['Carol']);
    expect((await list({ query: '0x5290840009' })).names).toEqual(['Carol']);
    expect((await list({ email_address_query: 'EXAMPLE.ORG' })).names).toEqual(['Eve']);
    expect((await list({ email_address_query: '100%_' })).names).toEqual(['Eve']);
    expect((await list({ email_address_query: '0%' })).names).toEqual([]);
    expect((await list({ email_address_query: 'EV' })).names).toEqual(['Eve']);
    expect((await list({ phone_number_query: '5550105' })).names).toEqual(['Bob']);
    expect((await list({ username_query: 'OBB' })).names).toEqual(['Bob']);
    expect((await list({ name_query: 'wong' })).names).toEqual(['Dave']);
    expect(await count({ query: 'example.com' })).toBe(4);
  });

  it('filters by banned and by time ranges', async () => {
    expect((await list({ banned: true })).names).toEqual(['Dave']);
    expect(await count({ banned: false })).toBe(4);
    const t = users[2]!.created_at;
    expect((await list({ created_at_before: t })).names).toEqual(['Bob', 'Alice']);
    expect((await list({ created_at_after: t })).names).toEqual(['Eve', 'Dave']);
    expect((await list({ last_sign_in_at_after: 0 })).names).toEqual([]);
    expect((await list({ last_active_at_before: users[4]!.created_at + 1 })).names).toEqual([]);
    expect((await list({ last_active_at_since: 0 })).names).toEqual([]);
  });

  it('pages with starting_after over created_at in both directions', async () => {
    const first = await list({ limit: 2 });
    expect(first.names).toEqual(['Eve', 'Dave']);
    const second = await list({ limit: 2, starting_after: first.body[1].id });
    expect(second.names).toEqual(['Carol', 'Bob']);
    const third = await list({ limit: 2, starting_after: second.body[1].id });
    expect(third.names).toEqual(['Alice']);
    expect(
      (await list({ order_by: 'created_at', limit: 2, starting_after: users[1]!.id })).names,
    ).toEqual(['Carol', 'Dave']);
  });

  it('rejects starting_after with another order, with an offset, or an unknown cursor', async () => {
    for (const query of [
      { starting_after: users[0]!.id, order_by: 'first_name' },
      { starting_after: users[0]!.id, offset: 1 },
      { starting_after: 'user_doesnotexist' },
    ]) {
      const r = await list(query);
      expect(r.status, JSON.stringify(query)).toBe(422);
      expect(r.body.errors[0]).toMatchObject({
        code: 'form_param_value_invalid',
        meta: { param_name: 'starting_after' },
      });
    }
  });

  it('rejects limits and offsets out of range and malformed filters', async () => {
    for (const qs of [
      'limit=0',
      'limit=501',
      'limit=abc',
      'offset=-1',
      'banned=maybe',
      'created_at_after=soon',
    ]) {
      const r = await list(qs);
      expect(r.status, qs).toBe(422);
      expect(r.body.errors[0].code).toMatch(/^form_param_(value|format)_invalid$/);
      expect(r.body.errors[0].meta.param_name).toBe(qs.split('=')[0]);
    }
    expect((await list({ limit: 500 })).names).toHaveLength(5);
    const tooMany = await list({ user_id: Array.from({ length: 101 }, (_, i) => `user_${i}`) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0]).toMatchObject({
      code: 'form_param_exceeds_allowed_size',
      meta: { param_name: 'user_id' },
    });
  });

  it('accepts paginated=true and empty JSON bodies as @clerk/backend sends them', async () => {
    const res = await api.call('GetUserList', {
      query: { paginated: 'true', limit: 1 },
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
  });
});

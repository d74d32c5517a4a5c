import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../helpers/contract.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

describe.each(testDialects())('GET /v1/users and /v1/users/count (%s)', (dialect) => {
  let server: TestServer;
  const users: any[] = [];
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const base = Date.parse('2024-01-01T00:00:00Z');
    const people = [
      {
        first_name: 'Alice',
        last_name: 'Zephyr',
        username: 'alice_z',
        phone_number: ['+14155550101'],
      },
      { first_name: 'Bob', last_name: 'Young', username: 'bobby', external_id: 'ext-bob' },
      {
        first_name: 'Carol',
        last_name: 'Xu',
        web3_wallet: ['0x52908400098527886E0F7030069857D2E4169EE7'],
      },
      { first_name: 'Dave', last_name: 'Wong', banned: true, external_id: 'ext-dave' },
      { first_name: 'Eve', last_name: 'Vance', email_address: ['eve.100%_real@Example.org'] },
    ];
    for (const [i, p] of people.entries()) {
      users.push(
        await createTestUser(server, {
          email_address: [`${p.first_name.toLowerCase()}@example.com`],
          created_at: new Date(base + i * 60_000).toISOString(),
          ...p,
        }),
      );
    }
  });
  afterAll(async () => server?.close());

  async function list(qs: string) {
    const res = await server.app.inject({ url: `/v1/users?${qs}`, headers: server.auth });
    const body = expectContract('GetUserList', res);
    if (res.statusCode !== 200) return { status: res.statusCode, body };
    return { status: 200, names: (body as any[]).map((u) => u.first_name), body };
  }
  async function count(qs: string) {
    const res = await server.app.inject({ url: `/v1/users/count?${qs}`, headers: server.auth });
    const body = expectContract('GetUsersCount', res);
    return res.statusCode === 200 ? body.total_count : { status: res.statusCode, body };
  }

  it('lists newest first by default, with limit and offset', async () => {
    expect((await list('')).names).toEqual(['Eve', 'Dave', 'Carol', 'Bob', 'Alice']);
    expect((await list('limit=2&offset=1')).names).toEqual(['Dave', 'Carol']);
    expect(await count('')).toBe(5);
  });

  it('orders by every allowed field with + and -', async () => {
    expect((await list('order_by=created_at')).names).toEqual([
      'Alice',
      'Bob',
      'Carol',
      'Dave',
      'Eve',
    ]);
    expect((await list('order_by=-first_name')).names).toEqual([
      'Eve',
      'Dave',
      'Carol',
      'Bob',
      'Alice',
    ]);
    expect((await list('order_by=%2Blast_name')).names).toEqual([
      'Eve',
      'Dave',
      'Carol',
      'Bob',
      'Alice',
    ]);
    expect((await list('order_by=email_address')).names).toEqual([
      'Alice',
      'Bob',
      'Carol',
      'Dave',
      'Eve',
    ]);
    for (const field of [
      'updated_at',
      'web3wallet',
      'phone_number',
      'username',
      'last_active_at',
      'last_sign_in_at',
    ]) {
      expect((await list(`order_by=-${field}`)).status).toBe(200);
    }
    expect((await list('order_by=password')).status).toBe(422);
  });

  it('filters by exact identifiers (repeated keys) and counts the same', async () => {
    const q = 'email_address=alice@example.com&email_address=BOB@example.com';
    expect((await list(q)).names).toEqual(['Bob', 'Alice']);
    expect(await count(q)).toBe(2);
    expect((await list('phone_number=%2B14155550101')).names).toEqual(['Alice']);
    expect((await list('username=BOBBY')).names).toEqual(['Bob']);
    expect((await list('web3_wallet=0x52908400098527886e0f7030069857d2e4169ee7')).names).toEqual([
      'Carol',
    ]);
    expect((await list('external_id=ext-bob')).names).toEqual(['Bob']);
    expect((await list('external_id=-ext-bob')).names).toEqual(['Eve', 'Dave', 'Carol', 'Alice']);
    expect((await list(`user_id=${users[0].id}&user_id=${users[2].id}`)).names).toEqual([
      'Carol',
      'Alice',
    ]);
    expect((await list(`user_id=-${users[0].id}`)).names).toEqual(['Eve', 'Dave', 'Carol', 'Bob']);
    expect(await count(`user_id=%2B${users[1].id}`)).toBe(1);
    expect((await list('email_address=nobody@example.com')).names).toEqual([]);
  });

  it('filters by organization and provider (no memberships or accounts exist yet)', async () => {
    expect((await list('organization_id=org_123')).names).toEqual([]);
    expect((await list('organization_id=-org_123')).names).toHaveLength(5);
    expect((await list('provider=oauth_google&provider_user_id=123')).names).toEqual([]);
    expect((await list('provider=oauth_google')).status).toBe(422);
  });

  it('searches partially and case-insensitively', async () => {
    expect((await list('query=ALI')).names).toEqual(['Alice']);
    // 2 characters: below the trigram size (and no base62 ID contains '_').
    expect((await list('query=e_')).names).toEqual(['Alice']);
    expect((await list('query=zephyr')).names).toEqual(['Alice']);
    expect((await list(`query=${users[3].id.slice(5, 20)}`)).names).toEqual(['Dave']);
    expect((await list('query=4155550101')).names).toEqual(['Alice']);
    expect((await list('query=0x5290840009')).names).toEqual(['Carol']);
    expect((await list('email_address_query=EXAMPLE.ORG')).names).toEqual(['Eve']);
    expect((await list('email_address_query=100%25_')).names).toEqual(['Eve']);
    expect((await list('email_address_query=0%25')).names).toEqual(['Eve']);
    expect((await list('phone_number_query=555')).names).toEqual(['Alice']);
    expect((await list('username_query=OBB')).names).toEqual(['Bob']);
    expect((await list('name_query=wong')).names).toEqual(['Dave']);
    expect(await count('query=example.com')).toBe(4);
  });

  it('filters by banned and by time ranges', async () => {
    expect((await list('banned=true')).names).toEqual(['Dave']);
    expect(await count('banned=false')).toBe(4);
    const t = users[2].created_at;
    expect((await list(`created_at_before=${t}`)).names).toEqual(['Bob', 'Alice']);
    expect((await list(`created_at_after=${t}`)).names).toEqual(['Eve', 'Dave']);
    expect((await list(`last_sign_in_at_after=0`)).names).toEqual([]);
    expect((await list(`last_active_at_before=${Date.now()}`)).names).toEqual([]);
    expect((await list(`last_active_at_since=0`)).names).toEqual([]);
  });

  it('pages with starting_after over created_at in both directions', async () => {
    const first = await list('limit=2');
    expect(first.names).toEqual(['Eve', 'Dave']);
    const second = await list(`limit=2&starting_after=${first.body[1].id}`);
    expect(second.names).toEqual(['Carol', 'Bob']);
    const third = await list(`limit=2&starting_after=${second.body[1].id}`);
    expect(third.names).toEqual(['Alice']);
    expect((await list(`order_by=created_at&limit=2&starting_after=${users[1].id}`)).names).toEqual(
      ['Carol', 'Dave'],
    );
  });

  it('rejects starting_after with another order, with an offset, or an unknown cursor', async () => {
    for (const qs of [
      `starting_after=${users[0].id}&order_by=first_name`,
      `starting_after=${users[0].id}&offset=1`,
      'starting_after=user_doesnotexist',
    ]) {
      const r = await list(qs);
      expect(r.status, qs).toBe(422);
      expect(r.body.errors[0].meta.param_name).toBe('starting_after');
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
    }
    expect((await list('limit=500')).status).toBe(200);
    const tooMany = Array.from({ length: 101 }, (_, i) => `user_id=user_${i}`).join('&');
    expect((await list(tooMany)).status).toBe(422);
  });

  it('accepts paginated=true and empty JSON bodies as @clerk/backend sends them', async () => {
    const res = await server.app.inject({
      url: '/v1/users?paginated=true&limit=1',
      headers: { ...server.auth, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    expect(expectContract('GetUserList', res)).toHaveLength(1);
  });
});

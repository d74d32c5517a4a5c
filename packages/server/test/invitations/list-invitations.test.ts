import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 5, 1);

describe.each(testDialects())('GET /v1/invitations (%s)', (dialect) => {
  let t: TestInstance;
  /** Invitations by name: created a minute apart from T0, in this order. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    const specs: [string, string, number][] = [
      ['carol', 'carol@zeta.example.com', 10],
      ['alice', 'alice@alpha.example.com', 2],
      ['bob', 'bob@beta.example.com', 30],
      ['dave', 'dave@delta.example.com', 5],
      ['erin', 'erin@alpha.example.com', 7],
    ];
    for (const [i, [name, email, days]] of specs.entries()) {
      t.clock.set(T0 + i * 60_000);
      const created = await t.api.ok('CreateInvitation', {
        body: { email_address: email, expires_in_days: days, notify: false },
      });
      ids[name] = created.id;
    }
    t.clock.set(T0 + 10 * 60_000);
    await t.api.ok('RevokeInvitation', { params: { invitation_id: ids.dave! } });
    // Three days on: alice's (2 days) has expired.
    t.clock.set(T0 + 3 * DAY);
  });

  const listIds = async (query: Record<string, string | number | boolean> = {}) =>
    ((await t.api.ok('ListInvitations', { query })) as { id: string }[]).map((i) => i.id);

  it('answers every invitation but the revoked ones, newest first, as a bare array', async () => {
    const list = await t.api.ok('ListInvitations', {});
    expect(Array.isArray(list)).toBe(true);
    expect((list as { id: string }[]).map((i) => i.id)).toEqual([
      ids.erin,
      ids.bob,
      ids.alice,
      ids.carol,
    ]);
    const alice = (list as any[]).find((i) => i.id === ids.alice);
    expect(alice).toMatchObject({ status: 'expired', revoked: false });
    expect(alice).not.toHaveProperty('url');
  });

  it('filters by status as read at the clock: pending, expired, accepted, revoked', async () => {
    expect(await listIds({ status: 'pending' })).toEqual([ids.erin, ids.bob, ids.carol]);
    expect(await listIds({ status: 'expired' })).toEqual([ids.alice]);
    expect(await listIds({ status: 'revoked' })).toEqual([ids.dave]);
    expect(await listIds({ status: 'accepted' })).toEqual([]);
    const [revoked] = await t.api.ok('ListInvitations', { query: { status: 'revoked' } });
    expect(revoked).toMatchObject({ status: 'revoked', revoked: true });
    // Later still, erin's (7 days) expires too.
    t.clock.set(T0 + 8 * DAY);
    expect(await listIds({ status: 'pending' })).toEqual([ids.bob, ids.carol]);
    expect(await listIds({ status: 'expired' })).toEqual([ids.erin, ids.alice]);
    t.clock.set(T0 + 3 * DAY);
    await t.api.fail(
      'ListInvitations',
      { rawQuery: 'status=lost' },
      422,
      'form_param_value_invalid',
    );
  });

  it('matches query against part of the email address or the ID, in any case', async () => {
    expect(await listIds({ query: 'ALPHA.example' })).toEqual([ids.erin, ids.alice]);
    expect(await listIds({ query: 'bob@' })).toEqual([ids.bob]);
    // Shorter than a trigram: still matched (SQLite scans the documents).
    expect(await listIds({ query: '@a' })).toEqual([ids.erin, ids.alice]);
    expect(await listIds({ query: ids.carol!.toLowerCase() })).toEqual([ids.carol]);
    expect(await listIds({ query: 'nobody' })).toEqual([]);
    expect(await listIds({ query: '%' })).toEqual([]);
    expect(await listIds({ query: 'zeta', status: 'pending' })).toEqual([ids.carol]);
    expect(await listIds({ query: 'delta' })).toEqual([]);
    expect(await listIds({ query: 'delta', status: 'revoked' })).toEqual([ids.dave]);
  });

  it('orders by created_at, email_address or expires_at, either way', async () => {
    expect(await listIds({ order_by: 'created_at' })).toEqual([
      ids.carol,
      ids.alice,
      ids.bob,
      ids.erin,
    ]);
    expect(await listIds({ order_by: 'email_address' })).toEqual([
      ids.alice,
      ids.bob,
      ids.carol,
      ids.erin,
    ]);
    expect(await listIds({ order_by: '-expires_at' })).toEqual([
      ids.bob,
      ids.carol,
      ids.erin,
      ids.alice,
    ]);
    expect(await listIds({ order_by: '+expires_at' })).toEqual([
      ids.alice,
      ids.erin,
      ids.carol,
      ids.bob,
    ]);
    const bad = await t.api.fail(
      'ListInvitations',
      { query: { order_by: 'status' } },
      422,
      'form_param_value_invalid',
    );
    expect(bad.errors[0]!.meta).toEqual({ param_name: 'order_by' });
  });

  it('pages with limit and offset, and answers { data, total_count } with paginated=true', async () => {
    expect(await listIds({ limit: 2 })).toEqual([ids.erin, ids.bob]);
    expect(await listIds({ limit: 2, offset: 2 })).toEqual([ids.alice, ids.carol]);
    expect(await listIds({ offset: 10 })).toEqual([]);
    const page = (await t.api.ok('ListInvitations', {
      query: { paginated: true, limit: 1, offset: 1, status: 'pending' },
    })) as unknown as { data: { id: string }[]; total_count: number };
    expect(page.total_count).toBe(3);
    expect(page.data.map((i) => i.id)).toEqual([ids.bob]);
    const searched = (await t.api.ok('ListInvitations', {
      query: { paginated: true, query: 'alpha' },
    })) as unknown as { data: unknown[]; total_count: number };
    expect(searched.total_count).toBe(2);
    await t.api.fail('ListInvitations', { query: { limit: 0 } }, 422, 'form_param_value_invalid');
    await t.api.fail('ListInvitations', { query: { limit: 501 } }, 422);
  });

  it("never lists another instance's invitations", async () => {
    const other = await useTestInstance(dialect);
    await other.api.ok('CreateInvitation', {
      body: { email_address: 'carol@zeta.example.com', notify: false },
    });
    expect(await listIds({ query: 'zeta' })).toEqual([ids.carol]);
    const theirs = await other.api.ok('ListInvitations', {});
    expect(theirs).toHaveLength(1);
  });
});

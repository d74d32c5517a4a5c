import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('listing the allow-list and the block-list (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  const allowIds: string[] = [];
  const blockIds: string[] = [];
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
    t.clock.set(Date.parse('2026-01-01T00:00:00Z'));
    for (let i = 0; i < 12; i += 1) {
      t.clock.advance(1000);
      const allowed = await api.ok('CreateAllowlistIdentifier', {
        body: { identifier: `allowed${i}@example.com` },
      });
      allowIds.unshift(allowed.id!);
      const blocked = await api.ok('CreateBlocklistIdentifier', {
        body: { identifier: `blocked${i}@example.com` },
      });
      blockIds.unshift(blocked.id!);
    }
    t.clock.useRealTime();
  });

  it('answers the allow-list as an array, newest first, 10 by default', async () => {
    const list = await api.ok('ListAllowlistIdentifiers');
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((e) => e.id)).toEqual(allowIds.slice(0, 10));
    expect(list[0]).toMatchObject({
      object: 'allowlist_identifier',
      identifier: 'allowed11@example.com',
      identifier_type: 'email_address',
      created_at: Date.parse('2026-01-01T00:00:12Z'),
    });
  });

  it('pages the allow-list with limit and offset', async () => {
    const page = await api.ok('ListAllowlistIdentifiers', { query: { limit: 5, offset: 10 } });
    expect(page.map((e) => e.id)).toEqual(allowIds.slice(10));
    await api.fail('ListAllowlistIdentifiers', { query: { limit: 0 } }, 422);
    await api.fail('ListAllowlistIdentifiers', { query: { limit: 501 } }, 422);
    await api.fail('ListAllowlistIdentifiers', { query: { offset: -1 } }, 422);
  });

  it('answers { data, total_count } with paginated=true, as @clerk/backend asks', async () => {
    const { body } = await api.call('ListAllowlistIdentifiers', {
      query: { paginated: true, limit: 3, offset: 1 },
    });
    expect(body.total_count).toBe(12);
    expect(body.data.map((e: { id: string }) => e.id)).toEqual(allowIds.slice(1, 4));
    const plain = await api.ok('ListAllowlistIdentifiers', { query: { paginated: false } });
    expect(Array.isArray(plain)).toBe(true);
    await api.fail('ListAllowlistIdentifiers', { query: { paginated: 'maybe' } }, 422);
  });

  it('answers the whole block-list with its count, newest first', async () => {
    const list = await api.ok('ListBlocklistIdentifiers');
    expect(list.total_count).toBe(12);
    expect(list.data.map((e) => e.id)).toEqual(blockIds);
    expect(list.data[0]).toMatchObject({
      object: 'blocklist_identifier',
      identifier: 'blocked11@example.com',
    });
  });

  it('answers empty lists for an instance without entries', async () => {
    const other = await useTestInstance(dialect);
    expect(await other.api.ok('ListAllowlistIdentifiers')).toEqual([]);
    const { body } = await other.api.call('ListAllowlistIdentifiers', {
      query: { paginated: true },
    });
    expect(body).toEqual({ data: [], total_count: 0 });
    expect(await other.api.ok('ListBlocklistIdentifiers')).toEqual({ data: [], total_count: 0 });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('ListOAuthApplications (%s)', (dialect) => {
  let t: TestInstance;
  const ids: Record<string, string> = {};
  const clientIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    // Created one second apart, in this order: created_at order differs from name order.
    const start = Date.now();
    try {
      for (const [i, name] of ['beta Portal', 'Alpha app', 'gamma_100%', 'ALPHA tools'].entries()) {
        t.clock.set(start + i * 1_000);
        const created = await t.api.ok('CreateOAuthApplication', { body: { name } });
        ids[name] = created.id;
        clientIds[name] = created.client_id;
      }
    } finally {
      t.clock.useRealTime();
    }
  });

  const names = async (query: Record<string, string | number> = {}) => {
    const page = await t.api.ok('ListOAuthApplications', { query });
    return { names: page.data.map((app) => app.name), total: page.total_count };
  };

  it('answers { data, total_count }, oldest first by default (the parameter’s +created_at)', async () => {
    expect(await names()).toEqual({
      names: ['beta Portal', 'Alpha app', 'gamma_100%', 'ALPHA tools'],
      total: 4,
    });
    const page = await t.api.ok('ListOAuthApplications', {});
    expect('client_secret' in page.data[0]!).toBe(false);
  });

  it('orders by created_at or name (case-insensitive), either way', async () => {
    expect((await names({ order_by: '-created_at' })).names).toEqual([
      'ALPHA tools',
      'gamma_100%',
      'Alpha app',
      'beta Portal',
    ]);
    expect((await names({ order_by: 'name' })).names).toEqual([
      'Alpha app',
      'ALPHA tools',
      'beta Portal',
      'gamma_100%',
    ]);
    expect((await names({ order_by: '-name' })).names).toEqual([
      'gamma_100%',
      'beta Portal',
      'ALPHA tools',
      'Alpha app',
    ]);
    const bad = await t.api.fail(
      'ListOAuthApplications',
      { query: { order_by: 'client_id' } },
      422,
      'form_param_value_invalid',
    );
    expect(bad.errors[0]!.meta).toEqual({ param_name: 'order_by' });
  });

  it('pages with limit and offset; total_count counts every match', async () => {
    expect(await names({ limit: 2, offset: 1 })).toEqual({
      names: ['Alpha app', 'gamma_100%'],
      total: 4,
    });
    expect(await names({ limit: 2, offset: 4 })).toEqual({ names: [], total: 4 });
    await t.api.fail('ListOAuthApplications', { query: { limit: 0 } }, 422);
    await t.api.fail('ListOAuthApplications', { query: { limit: 501 } }, 422);
    await t.api.fail('ListOAuthApplications', { query: { offset: -1 } }, 422);
  });

  it('name_query: a substring of the name in any case, or the exact client ID', async () => {
    expect(await names({ name_query: 'alpha', order_by: 'name' })).toEqual({
      names: ['Alpha app', 'ALPHA tools'],
      total: 2,
    });
    expect(await names({ name_query: ' PORT ' })).toEqual({ names: ['beta Portal'], total: 1 });
    // LIKE wildcards match literally.
    expect((await names({ name_query: '_100%' })).names).toEqual(['gamma_100%']);
    expect((await names({ name_query: '%' })).names).toEqual(['gamma_100%']);
    expect((await names({ name_query: clientIds['beta Portal']! })).names).toEqual(['beta Portal']);
    // Part of a client ID is not a match.
    expect((await names({ name_query: clientIds['Alpha app']!.slice(0, 8) })).names).toEqual([]);
    expect(await names({ name_query: 'nothing like it' })).toEqual({ names: [], total: 0 });
  });

  it('lists only the caller’s instance', async () => {
    const other = await useTestInstance(dialect);
    expect((await other.api.ok('ListOAuthApplications', {})).total_count).toBe(0);
    await t.api.fail('ListOAuthApplications', { secretKey: null }, 401);
    expect(Object.keys(ids)).toHaveLength(4);
  });
});

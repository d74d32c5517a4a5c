import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createNamedInstance,
  InstanceAdminError,
  listAllInstances,
  removeInstance,
} from '../../src/instances/instance-admin.js';
import { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('several instances: create, list, remove (%s)', (dialect) => {
  let t: TestInstance;
  const noWait = async () => {};

  /** Rows of `instanceId` in every table that has an instance_id column. */
  async function rowsOf(instanceId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of await t.database.db.introspection.getTables()) {
      if (table.isView || !table.columns.some((c) => c.name === 'instance_id')) continue;
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.table(table.name)} where instance_id = ${instanceId}`.execute(
        t.database.db,
      );
      counts[table.name] = Number(rows[0]!.n);
    }
    const own = await t.database.db
      .selectFrom('instances')
      .select('id')
      .where('id', '=', instanceId)
      .execute();
    counts.instances = own.length;
    return counts;
  }
  const total = (counts: Record<string, number>) =>
    Object.values(counts).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('each instance has its own keys, frontend API and data; removing one deletes all of it', async () => {
    const shop = await createNamedInstance(t.database, t.app.castellan.secrets, {
      name: 'shop',
      environment: 'production',
      settings: { sessions: { lifetime_seconds: 3600 } },
    });
    expect(shop.instance).toMatchObject({
      name: 'shop',
      environment: 'production',
      isDefault: false,
    });
    expect(shop.instance.frontendApi).toBe(`${shop.instance.id.toLowerCase()}.localhost`);
    expect(shop.secretKey).toMatch(/^sk_live_/);
    const shopApi = new Api(t.app, shop.secretKey);
    // Data through the API: users with identifications, restrictions, settings, events.
    await shopApi.ok('CreateUser', {
      body: {
        email_address: ['a@shop.example'],
        phone_number: ['+14155552671'],
        username: 'shopper',
        password: 'Correct-horse-battery-9',
      },
    });
    await shopApi.ok('CreateAllowlistIdentifier', { body: { identifier: 'b@shop.example' } });
    await shopApi.ok('UpdateInstanceRestrictions', { body: { allowlist: false } });
    // The same address in the suite's instance: data is separated by instance.
    await t.api.ok('CreateUser', {
      body: { email_address: ['a@shop.example'], password: 'Correct-horse-battery-9' },
    });

    const before = await rowsOf(shop.instance.id);
    expect(before).toMatchObject({
      instances: 1,
      users: 1,
      secret_keys: 1,
      signing_keys: 1,
      outbox: expect.any(Number),
    });
    expect(before.outbox).toBeGreaterThan(0);
    const mine = total(await rowsOf(t.instanceId));
    expect((await listAllInstances(t.database)).map((i) => i.id)).toContain(shop.instance.id);

    const removed = await removeInstance(t.database, shop.instance.id, {
      force: false,
      waitForKeyCaches: noWait,
    });
    expect(removed.id).toBe(shop.instance.id);
    expect(total(await rowsOf(shop.instance.id))).toBe(0);
    expect(total(await rowsOf(t.instanceId))).toBe(mine);
    expect((await listAllInstances(t.database)).map((i) => i.id)).not.toContain(shop.instance.id);
    expect((await t.api.ok('GetUsersCount')).total_count).toBe(1);
  });

  it('revokes the keys before it waits, then deletes; refuses the default instance without --force', async () => {
    const doomed = await createNamedInstance(t.database, t.app.castellan.secrets, {
      name: 'doomed',
      environment: 'development',
      frontendApi: 'Doomed.Example.com:8443',
    });
    expect(doomed.instance.frontendApi).toBe('doomed.example.com:8443');
    let revokedWhileWaiting: unknown[] = [];
    await removeInstance(t.database, doomed.instance.id, {
      force: false,
      waitForKeyCaches: async () => {
        revokedWhileWaiting = (
          await t.database.db
            .selectFrom('secret_keys')
            .select('revoked_at')
            .where('instance_id', '=', doomed.instance.id)
            .execute()
        ).map((k) => k.revoked_at);
      },
    });
    expect(revokedWhileWaiting).toEqual([expect.any(Number)]);

    const defaultInstance = (await listAllInstances(t.database)).find((i) => i.isDefault)!;
    const error = await removeInstance(t.database, defaultInstance.id, {
      force: false,
      waitForKeyCaches: noWait,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceAdminError);
    expect((error as Error).message).toContain('is the default instance');
    expect((await rowsOf(defaultInstance.id)).instances).toBe(1);
    await expect(
      removeInstance(t.database, 'ins_missing', { force: true, waitForKeyCaches: noWait }),
    ).rejects.toThrow('No instance ins_missing.');
  });

  it('refuses a name or frontend API host that is not one', async () => {
    const create = (name: string, frontendApi?: string) =>
      createNamedInstance(t.database, t.app.castellan.secrets, {
        name,
        environment: 'development',
        frontendApi,
      });
    await expect(create('  ')).rejects.toThrow('--name must be 1 to 100 characters.');
    await create('first', 'dup.example.com');
    await expect(create('second', 'DUP.example.com')).rejects.toThrow(
      'Another instance already has the frontend API dup.example.com.',
    );
    for (const host of ['https://clerk.example.com', 'a b', 'clerk.example.com/path', '-x.example'])
      await expect(create('x', host)).rejects.toThrow('--frontend-api must be a host name');
  });
});

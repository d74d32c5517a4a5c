import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

let counter = 0;
const uniqueName = (prefix = 'Machine') => `${prefix} ${(counter += 1)}`;

describe.each(testDialects())('Machines (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  const create = (
    body: { name?: string; scoped_machines?: string[]; default_token_ttl?: number } = {},
  ) => api.ok('CreateMachine', { body: { name: uniqueName(), ...body } });

  it('creates a machine with its secret key, scopes and default TTL; GET omits the key', async () => {
    const target = await create();
    expect(target.id).toMatch(/^mch_\w{27}$/);
    expect(target.secret_key).toMatch(/^ak_[0-9A-Za-z]{48}$/);
    expect(target.default_token_ttl).toBe(3600);
    expect(target.scoped_machines).toEqual([]);
    const caller = await create({ scoped_machines: [target.id], default_token_ttl: 60 });
    expect(caller.default_token_ttl).toBe(60);
    expect(caller.scoped_machines.map((m) => m.id)).toEqual([target.id]);
    const read = await api.ok('GetMachine', { params: { machine_id: caller.id } });
    expect('secret_key' in read).toBe(false);
    expect(read.scoped_machines[0]).toMatchObject({ object: 'machine', id: target.id });
    expect(read.instance_id).toBe(t.instanceId);
  });

  it('stores the secret key sealed and its hash, never in clear', async () => {
    const machine = await create();
    const row = await t.database.db
      .selectFrom('machines')
      .selectAll()
      .where('id', '=', machine.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_key).toMatch(/^v1:/);
    expect(row.secret_key).not.toContain(machine.secret_key);
    expect(row.secret_key_hash).not.toContain(machine.secret_key);
    const key = await api.ok('GetMachineSecretKey', { params: { machine_id: machine.id } });
    expect(key).toEqual({ object: 'machine_secret_key', secret: machine.secret_key });
  });

  it('refuses scoped machines that do not exist or belong to another instance', async () => {
    const other = await useTestInstance(dialect);
    const foreign = await other.api.ok('CreateMachine', { body: { name: 'Foreign' } });
    await api.fail(
      'CreateMachine',
      { body: { name: uniqueName(), scoped_machines: [foreign.id] } },
      422,
      'form_param_value_invalid',
    );
    const a = await create();
    await api.fail(
      'CreateMachineScope',
      { params: { machine_id: a.id }, body: { to_machine_id: foreign.id } },
      404,
      'resource_not_found',
    );
    await other.api.fail('GetMachine', { params: { machine_id: a.id } }, 404, 'resource_not_found');
  });

  it('adds and removes scopes: twice is a 409, itself a 422, unknown scope a 404', async () => {
    const a = await create();
    const b = await create();
    const scope = await api.ok('CreateMachineScope', {
      params: { machine_id: a.id },
      body: { to_machine_id: b.id },
    });
    expect(scope).toMatchObject({
      object: 'machine_scope',
      from_machine_id: a.id,
      to_machine_id: b.id,
    });
    await api.fail(
      'CreateMachineScope',
      { params: { machine_id: a.id }, body: { to_machine_id: b.id } },
      409,
      'machine_scope_exists',
    );
    await api.fail(
      'CreateMachineScope',
      { params: { machine_id: a.id }, body: { to_machine_id: a.id } },
      422,
      'form_param_value_invalid',
    );
    const removed = await api.ok('DeleteMachineScope', {
      params: { machine_id: a.id, other_machine_id: b.id },
    });
    expect(removed).toEqual({
      object: 'machine_scope',
      from_machine_id: a.id,
      to_machine_id: b.id,
      deleted: true,
    });
    await api.fail(
      'DeleteMachineScope',
      { params: { machine_id: a.id, other_machine_id: b.id } },
      404,
      'resource_not_found',
    );
  });

  it('refuses the 151st scope', async () => {
    const targets = [];
    for (let i = 0; i < 150; i += 1) targets.push(await create());
    const a = await create({ scoped_machines: targets.map((m) => m.id) });
    expect(a.scoped_machines).toHaveLength(150);
    const extra = await create();
    await api.fail(
      'CreateMachineScope',
      { params: { machine_id: a.id }, body: { to_machine_id: extra.id } },
      400,
      'machine_scope_limit_reached',
    );
  });

  it('updates, lists with query and order, deletes', async () => {
    const list = await useTestInstance(dialect);
    const one = await list.api.ok('CreateMachine', { body: { name: 'Alpha worker' } });
    const two = await list.api.ok('CreateMachine', { body: { name: 'beta worker' } });
    const updated = await list.api.ok('UpdateMachine', {
      params: { machine_id: one.id },
      body: { name: 'Gamma worker', default_token_ttl: 120 },
    });
    expect([updated.name, updated.default_token_ttl]).toEqual(['Gamma worker', 120]);
    const newest = await list.api.ok('ListMachines', {});
    expect(newest.total_count).toBe(2);
    expect(newest.data.map((m) => m.id)).toEqual([two.id, one.id]);
    const byName = await list.api.ok('ListMachines', { query: { order_by: 'name' } });
    expect(byName.data.map((m) => m.name)).toEqual(['beta worker', 'Gamma worker']);
    const found = await list.api.ok('ListMachines', { query: { query: 'GAMMA' } });
    expect(found.data.map((m) => m.id)).toEqual([one.id]);
    const paged = await list.api.ok('ListMachines', { query: { limit: 1, offset: 1 } });
    expect([paged.total_count, paged.data[0]?.id]).toEqual([2, one.id]);
    await list.api.fail('ListMachines', { query: { order_by: 'secret' } }, 422);
    const deleted = await list.api.ok('DeleteMachine', { params: { machine_id: two.id } });
    expect(deleted).toEqual({ object: 'machine', id: two.id, deleted: true });
    await list.api.fail(
      'GetMachine',
      { params: { machine_id: two.id } },
      404,
      'resource_not_found',
    );
  });

  it('rotates the key: the previous one works during its grace period only', async () => {
    const machine = await create();
    const rotated = await api.ok('RotateMachineSecretKey', {
      params: { machine_id: machine.id },
      body: { previous_token_ttl: 60 },
    });
    expect(rotated.secret).not.toBe(machine.secret_key);
    const list = (key: string) =>
      api.call('getM2MTokens', { query: { subject: machine.id }, secretKey: key });
    expect((await list(rotated.secret)).status).toBe(200);
    expect((await list(machine.secret_key)).status).toBe(200);
    t.clock.set(Date.now() + 61_000);
    try {
      const late = await list(machine.secret_key);
      expect(late.status).toBe(401);
      expect((await list(rotated.secret)).status).toBe(200);
    } finally {
      t.clock.useRealTime();
    }
    const now = await api.ok('RotateMachineSecretKey', {
      params: { machine_id: machine.id },
      body: { previous_token_ttl: 0 },
    });
    expect((await list(rotated.secret)).status).toBe(401);
    expect((await list(now.secret)).status).toBe(200);
  });

  it('a machine key is refused by every operation but the M2M token ones', async () => {
    const machine = await create();
    await api.fail(
      'ListMachines',
      { secretKey: machine.secret_key },
      401,
      'authentication_invalid',
    );
    await api.fail(
      'GetMachine',
      { params: { machine_id: machine.id }, secretKey: machine.secret_key },
      401,
      'authentication_invalid',
    );
  });
});

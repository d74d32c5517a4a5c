import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { createTestUser } from '../helpers/users.js';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${(counter += 1)}`;

describe.each(testDialects())('API keys (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  let userId: string;
  let orgId: string;
  let machineId: string;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
    await enableOrganizations(api);
    userId = (await createTestUser(api)).id;
    orgId = (await createTestOrganization(api)).id;
    machineId = (await api.ok('CreateMachine', { body: { name: unique('Machine') } })).id;
  });

  const create = (body: Record<string, unknown> = {}) =>
    api.ok('createApiKey', { body: { name: unique('key'), subject: userId, ...body } });

  it('creates a key for a user, an organization or a machine; the secret is sealed', async () => {
    const key = await create({
      scopes: ['read', 'write'],
      claims: { plan: 'pro' },
      description: 'CI',
    });
    expect(key.id).toMatch(/^ak_[0-9a-f]{32}$/);
    expect(key.secret).toMatch(/^ak_[0-9A-Za-z]{48}$/);
    expect(key).toMatchObject({
      object: 'api_key',
      type: 'api_key',
      subject: userId,
      scopes: ['read', 'write'],
      claims: { plan: 'pro' },
      description: 'CI',
      revoked: false,
      expired: false,
      expiration: null,
    });
    for (const subject of [orgId, machineId])
      expect((await create({ subject })).subject).toBe(subject);
    const row = await t.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1:/);
    expect(`${row.secret}${row.secret_hash}`).not.toContain(key.secret);
    const read = await api.ok('getApiKey', { params: { apiKeyID: key.id } });
    expect('secret' in read).toBe(false);
    expect(await api.ok('getApiKeySecret', { params: { apiKeyID: key.id } })).toEqual({
      secret: key.secret,
    });
  });

  it('refuses a subject that does not exist or is another instance’s', async () => {
    const other = await useTestInstance(dialect);
    const foreignUser = await createTestUser(other.api);
    await api.fail(
      'createApiKey',
      { body: { name: 'foreign', subject: foreignUser.id } },
      422,
      'form_param_value_invalid',
    );
    await api.fail(
      'createApiKey',
      { body: { name: 'ghost', subject: `org_${'a'.repeat(27)}` } },
      422,
      'form_param_value_invalid',
    );
    const key = await create();
    await other.api.fail('getApiKey', { params: { apiKeyID: key.id } }, 404, 'resource_not_found');
    await other.api.fail(
      'verifyApiKey',
      { body: { secret: key.secret } },
      404,
      'api_key_not_found',
    );
  });

  it('verifies a key; refuses unknown, revoked and expired ones', async () => {
    const key = await create();
    const verified = await api.ok('verifyApiKey', { body: { secret: key.secret } });
    expect(verified).toMatchObject({ id: key.id, subject: userId });
    expect(verified.last_used_at).toEqual(expect.any(Number));
    await api.fail(
      'verifyApiKey',
      { body: { secret: `${key.secret}x` } },
      404,
      'api_key_not_found',
    );
    const revoked = await api.ok('revokeApiKey', {
      params: { apiKeyID: key.id },
      body: { revocation_reason: 'rotated' },
    });
    expect([revoked.revoked, revoked.revocation_reason]).toEqual([true, 'rotated']);
    await api.fail('verifyApiKey', { body: { secret: key.secret } }, 404, 'api_key_revoked');
    const short = await create({ seconds_until_expiration: 10 });
    expect(short.expiration! - short.created_at).toBe(10_000);
    t.clock.set(Date.now() + 11_000);
    try {
      await api.fail('verifyApiKey', { body: { secret: short.secret } }, 404, 'api_key_expired');
      expect((await api.ok('getApiKey', { params: { apiKeyID: short.id } })).expired).toBe(true);
    } finally {
      t.clock.useRealTime();
    }
  });

  it('lists a subject’s valid keys, newest first; include_invalid and query', async () => {
    const subject = (await createTestOrganization(api)).id;
    const a = await create({ subject, name: 'alpha key' });
    const b = await create({ subject, name: 'beta key' });
    const c = await create({ subject, name: 'gamma key' });
    await api.ok('revokeApiKey', { params: { apiKeyID: c.id }, body: {} });
    const valid = await api.ok('getApiKeys', { query: { subject } });
    expect(valid.data.map((k) => k.id)).toEqual([b.id, a.id]);
    expect(valid.total_count).toBe(2);
    const all = await api.ok('getApiKeys', { query: { subject, include_invalid: 'true' } });
    expect(all.data.map((k) => k.id)).toEqual([c.id, b.id, a.id]);
    const found = await api.ok('getApiKeys', { query: { subject, query: 'BETA' } });
    expect(found.data.map((k) => k.id)).toEqual([b.id]);
    const paged = await api.ok('getApiKeys', { query: { subject, limit: 1, offset: 1 } });
    expect([paged.total_count, paged.data[0]?.id]).toEqual([2, a.id]);
    await api.fail('getApiKeys', { query: {} }, 422);
  });

  it('updates what is sent, deletes', async () => {
    const key = await create({ description: 'old', claims: { a: 1 } });
    const updated = await api.ok('updateApiKey', {
      params: { apiKeyID: key.id },
      body: { scopes: ['x'], seconds_until_expiration: 60, subject: orgId },
    });
    expect(updated).toMatchObject({
      scopes: ['x'],
      description: 'old',
      claims: { a: 1 },
      subject: orgId,
    });
    expect(updated.expiration! - updated.updated_at).toBe(60_000);
    const cleared = await api.ok('updateApiKey', {
      params: { apiKeyID: key.id },
      body: { description: null, claims: null },
    });
    expect([cleared.description, cleared.claims, cleared.scopes]).toEqual([null, null, ['x']]);
    await api.fail(
      'updateApiKey',
      { params: { apiKeyID: key.id }, body: { subject: `user_${'b'.repeat(27)}` } },
      422,
      'form_param_value_invalid',
    );
    expect(await api.ok('deleteApiKey', { params: { apiKeyID: key.id } })).toEqual({
      object: 'api_key',
      id: key.id,
      deleted: true,
    });
    await api.fail('getApiKey', { params: { apiKeyID: key.id } }, 404, 'resource_not_found');
  });

  it('a deleted machine takes its API keys with it', async () => {
    const machine = await api.ok('CreateMachine', { body: { name: unique('Machine') } });
    const key = await create({ subject: machine.id });
    await api.ok('DeleteMachine', { params: { machine_id: machine.id } });
    await api.fail('getApiKey', { params: { apiKeyID: key.id } }, 404, 'resource_not_found');
  });

  it('serves the same operations without /v1, as @clerk/backend calls them', async () => {
    const key = await create();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api_keys/verify',
      headers: { ...t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ secret: key.secret }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: key.id });
    const machine = await api.ok('CreateMachine', { body: { name: unique('Machine') } });
    const byMachine = await t.app.inject({
      method: 'GET',
      url: `/api_keys/${key.id}`,
      headers: { authorization: `Bearer ${machine.secret_key}` },
    });
    expect(byMachine.statusCode).toBe(401);
  });
});

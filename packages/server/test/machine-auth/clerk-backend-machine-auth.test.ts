import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from '../../src/instances/instance-service.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { Api } from '../helpers/api.js';

/**
 * Machines, M2M tokens and API keys through the official client, unchanged (COMPAT.md): it
 * calls `/m2m_tokens` and `/api_keys` without `/v1`, authenticates M2M calls with a machine
 * secret key, and its `authenticateRequest` accepts Castellan's `mt_`, M2M JWT and `ak_`
 * tokens (and refuses tampered ones).
 */
describe.each(testDialects())('@clerk/backend machine auth (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);
  let clerk: ClerkClient;
  let api: Api;
  let secretKey: string;

  beforeAll(async () => {
    const created = await createInstance(suite.server.database.db, {
      name: `compat-machines-${dialect}`,
      frontendApi: `compat-machines-${dialect}.castellan.accounts.dev`,
      secrets: suite.server.app.castellan.secrets,
    });
    secretKey = created.secretKey;
    api = new Api(suite.server.app, secretKey);
    clerk = createClerkClient({
      secretKey,
      apiUrl: suite.apiUrl,
      publishableKey: created.instance.publishableKey,
      telemetry: { disabled: true },
    });
  });

  const request = (token: string) =>
    new Request('http://localhost:3000/api/job', { headers: { authorization: `Bearer ${token}` } });

  it('machines.*: create, get, list, update, scopes, secret key, rotate, delete', async () => {
    const { machines } = clerk;
    const target = await machines.create({ name: 'Target' });
    const caller = await machines.create({
      name: 'Caller',
      scopedMachines: [target.id],
      defaultTokenTtl: 120,
    });
    expect(caller.secretKey).toMatch(/^ak_/);
    expect(caller.scopedMachines.map((m) => m.id)).toEqual([target.id]);
    expect((await machines.get(caller.id)).defaultTokenTtl).toBe(120);
    const list = await machines.list({ query: 'Caller' });
    expect([list.totalCount, list.data[0]?.id]).toEqual([1, caller.id]);
    expect((await machines.update({ machineId: target.id, name: 'Renamed' })).name).toBe('Renamed');
    const other = await machines.create({ name: 'Other' });
    const scope = await machines.createScope(caller.id, other.id);
    expect([scope.fromMachineId, scope.toMachineId]).toEqual([caller.id, other.id]);
    // `{object, deleted}` becomes the client's DeletedObject, which keeps only what it knows.
    const removed = (await machines.deleteScope(caller.id, other.id)) as unknown as {
      deleted: boolean;
    };
    expect(removed.deleted).toBe(true);
    expect((await machines.get(caller.id)).scopedMachines.map((m) => m.id)).toEqual([target.id]);
    expect((await machines.getSecretKey(caller.id)).secret).toBe(caller.secretKey);
    const rotated = await machines.rotateSecretKey({ machineId: other.id, previousTokenTtl: 0 });
    expect(rotated.secret).not.toBe(other.secretKey);
    const deleted = await machines.delete(other.id);
    expect(deleted.id).toBe(other.id);
  });

  it('m2m.*: createToken with a machine key, verify with either key, list, revoke', async () => {
    const target = await clerk.machines.create({ name: 'Verifier' });
    const caller = await clerk.machines.create({ name: 'Sender', scopedMachines: [target.id] });
    const token = await clerk.m2m.createToken({
      machineSecretKey: caller.secretKey,
      secondsUntilExpiration: 300,
      claims: { job: 'nightly' },
    });
    expect(token.token).toMatch(/^mt_/);
    expect([token.subject, token.scopes, token.claims]).toEqual([
      caller.id,
      [target.id],
      { job: 'nightly' },
    ]);
    const byInstance = await clerk.m2m.verify({ token: token.token! });
    expect(byInstance.id).toBe(token.id);
    const byMachine = await clerk.m2m.verify({
      token: token.token!,
      machineSecretKey: target.secretKey,
    });
    expect(byMachine.subject).toBe(caller.id);
    const machineClient = createClerkClient({
      apiUrl: suite.apiUrl,
      machineSecretKey: caller.secretKey,
      telemetry: { disabled: true },
    });
    const second = await machineClient.m2m.createToken();
    const list = await clerk.m2m.list({ subject: caller.id, machineSecretKey: caller.secretKey });
    expect(list.data.map((t) => t.id).sort()).toEqual([token.id, second.id].sort());
    expect(list.totalCount).toBe(2);
    const revoked = await clerk.m2m.revokeToken({
      m2mTokenId: second.id,
      revocationReason: 'done',
    });
    expect([revoked.revoked, revoked.revocationReason]).toEqual([true, 'done']);
    await expect(clerk.m2m.verify({ token: second.token! })).rejects.toMatchObject({
      status: 404,
    });
    await expect(clerk.m2m.createToken()).rejects.toMatchObject({ status: 401 });
  });

  it('authenticateRequest accepts m2m tokens (opaque and JWT) and refuses tampered ones', async () => {
    const target = await clerk.machines.create({ name: 'Api' });
    const caller = await clerk.machines.create({ name: 'Client', scopedMachines: [target.id] });
    const opaque = await clerk.m2m.createToken({ machineSecretKey: caller.secretKey });
    const state = await clerk.authenticateRequest(request(opaque.token!), {
      acceptsToken: 'm2m_token',
    });
    expect(state.isAuthenticated, state.message ?? '').toBe(true);
    expect(state.toAuth()).toMatchObject({ tokenType: 'm2m_token', subject: caller.id });
    const jwt = await clerk.m2m.createToken({
      machineSecretKey: caller.secretKey,
      tokenFormat: 'jwt',
    });
    const jwtState = await clerk.authenticateRequest(request(jwt.token!), {
      acceptsToken: 'm2m_token',
    });
    expect(jwtState.isAuthenticated, jwtState.message ?? '').toBe(true);
    expect(jwtState.toAuth()).toMatchObject({ subject: caller.id });
    const localJwt = await clerk.m2m.verify({ token: jwt.token! });
    expect(localJwt.subject).toBe(caller.id);
    for (const forged of [`${opaque.token!.slice(0, -3)}AAA`, `${jwt.token!.slice(0, -4)}AAAA`]) {
      const refused = await clerk.authenticateRequest(request(forged), {
        acceptsToken: 'm2m_token',
      });
      expect(refused.isAuthenticated).toBe(false);
    }
    const wrongType = await clerk.authenticateRequest(request(opaque.token!), {
      acceptsToken: 'api_key',
    });
    expect(wrongType.isAuthenticated).toBe(false);
  });

  it('apiKeys.*: create, get, list, update, secret, verify, revoke, delete; authenticateRequest', async () => {
    const user = await createTestUser(api);
    const { apiKeys } = clerk;
    const key = await apiKeys.create({ name: 'CI key', subject: user.id, scopes: ['read'] });
    expect(key.secret).toMatch(/^ak_/);
    expect((await apiKeys.get(key.id)).name).toBe('CI key');
    const list = await apiKeys.list({ subject: user.id });
    expect([list.totalCount, list.data[0]?.id]).toEqual([1, key.id]);
    const updated = await apiKeys.update({
      apiKeyId: key.id,
      subject: user.id,
      description: 'nightly builds',
    });
    expect(updated.description).toBe('nightly builds');
    expect((await apiKeys.getSecret(key.id)).secret).toBe(key.secret);
    expect((await apiKeys.verify(key.secret!)).subject).toBe(user.id);

    const state = await clerk.authenticateRequest(request(key.secret!), {
      acceptsToken: 'api_key',
    });
    expect(state.isAuthenticated, state.message ?? '').toBe(true);
    expect(state.toAuth()).toMatchObject({ tokenType: 'api_key', userId: user.id });
    const forged = await clerk.authenticateRequest(request(`${key.secret!.slice(0, -3)}AAA`), {
      acceptsToken: 'api_key',
    });
    expect(forged.isAuthenticated).toBe(false);

    const revoked = await apiKeys.revoke({ apiKeyId: key.id, revocationReason: 'leaked' });
    expect(revoked.revoked).toBe(true);
    await expect(apiKeys.verify(key.secret!)).rejects.toMatchObject({ status: 404 });
    const afterRevoke = await clerk.authenticateRequest(request(key.secret!), {
      acceptsToken: 'api_key',
    });
    expect(afterRevoke.isAuthenticated).toBe(false);
    expect((await apiKeys.delete(key.id)).deleted).toBe(true);
  });
});

import { expect, it } from 'vitest';
import { createTestUser } from '../../../server/test/helpers/users.js';
import { Api } from '../../../server/test/helpers/api.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('machine-auth', (s) => {
  it('manages machines: create, read, list, update, scopes, secret key, rotate, delete', async () => {
    const { machines } = s.sdk;
    const target = await machines.createMachine({ name: 'SDK target' });
    const caller = await machines.createMachine({ name: 'SDK caller', default_token_ttl: 90 });
    expect(caller.secret_key).toMatch(/^ak_/);
    const scope = await machines.createMachineScope({
      machine_id: caller.id,
      to_machine_id: target.id,
    });
    expect(scope).toMatchObject({ object: 'machine_scope', to_machine_id: target.id });
    const read = await machines.getMachine({ machine_id: caller.id });
    expect(read.scoped_machines.map((m) => m.id)).toEqual([target.id]);
    const list = await machines.listMachines({ query: 'SDK caller' });
    expect([list.total_count, list.data[0]?.id]).toEqual([1, caller.id]);
    const updated = await machines.updateMachine({ machine_id: caller.id, name: 'SDK renamed' });
    expect(updated.name).toBe('SDK renamed');
    const secret = await machines.getMachineSecretKey({ machine_id: caller.id });
    expect(secret.secret).toBe(caller.secret_key);
    const rotated = await machines.rotateMachineSecretKey({
      machine_id: target.id,
      previous_token_ttl: 0,
    });
    expect(rotated.secret).not.toBe(target.secret_key);
    const unscoped = await machines.deleteMachineScope({
      machine_id: caller.id,
      other_machine_id: target.id,
    });
    expect(unscoped.deleted).toBe(true);
    expect(await machines.deleteMachine({ machine_id: target.id })).toEqual({
      object: 'machine',
      id: target.id,
      deleted: true,
    });
  });

  it('mints M2M tokens with the machine key (bearerAuth), lists, verifies and revokes them', async () => {
    const target = await s.sdk.machines.createMachine({ name: 'SDK verifier' });
    const caller = await s.sdk.machines.createMachine({
      name: 'SDK sender',
      scoped_machines: [target.id],
    });
    const asCaller = s.client({ bearerAuth: caller.secret_key });
    const asTarget = s.client({ bearerAuth: target.secret_key });
    const token = await asCaller.m2mTokens.createM2MToken({ claims: { via: 'sdk' } });
    expect(token.token).toMatch(/^mt_/);
    await expectClerkError(s.sdk.m2mTokens.createM2MToken({}), 401, 'machine_secret_key_required');
    const verified = await asTarget.m2mTokens.verifyM2MToken({ token: token.token });
    expect(verified.subject).toBe(caller.id);
    const list = await asCaller.m2mTokens.getM2MTokens({ subject: caller.id });
    expect(list.m2m_tokens.map((t) => t.id)).toEqual([token.id]);
    const revoked = await s.sdk.m2mTokens.revokeM2MToken({
      m2m_token_id: token.id,
      revocation_reason: 'done',
    });
    expect(revoked.revoked).toBe(true);
    await expectClerkError(
      s.sdk.m2mTokens.verifyM2MToken({ token: token.token }),
      404,
      'm2m_token_revoked',
    );
  });

  it('creates, lists, reads, updates, verifies, revokes and deletes API keys', async () => {
    const user = await createTestUser(new Api(s.t.app, s.t.secretKey));
    const { apiKeys } = s.sdk;
    const key = await apiKeys.createApiKey({ name: 'SDK key', subject: user.id });
    expect(key.secret).toMatch(/^ak_/);
    const params = { apiKeyID: key.id };
    expect((await apiKeys.getApiKey(params)).name).toBe('SDK key');
    const list = await apiKeys.getApiKeys({ subject: user.id });
    expect(list.data.map((k) => k.id)).toEqual([key.id]);
    const updated = await apiKeys.updateApiKey({ ...params, scopes: ['read'] });
    expect(updated.scopes).toEqual(['read']);
    expect((await apiKeys.getApiKeySecret(params)).secret).toBe(key.secret);
    expect((await apiKeys.verifyApiKey({ secret: key.secret })).id).toBe(key.id);
    expect((await apiKeys.revokeApiKey({ ...params, revocation_reason: 'x' })).revoked).toBe(true);
    await expectClerkError(apiKeys.verifyApiKey({ secret: key.secret }), 404, 'api_key_revoked');
    expect((await apiKeys.deleteApiKey(params)).deleted).toBe(true);
  });
});

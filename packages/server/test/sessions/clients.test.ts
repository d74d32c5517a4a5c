import { beforeAll, describe, expect, it } from 'vitest';
import { issueClientToken } from '../../src/clients/client-service.js';
import { currentSigningKey } from '../../src/instances/signing-key-service.js';
import { signRs256 } from '../../src/sessions/jwt.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createUserSession, scopeOf } from './session-helpers.js';

describe.each(testDialects())('clients (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('GET /v1/clients/{id} answers the client with its sessions', async () => {
    const { session } = await createUserSession(t);
    const client = await t.api.ok('GetClient', { params: { client_id: session.client_id } });
    expect(client).toEqual({
      object: 'client',
      id: session.client_id,
      session_ids: [session.id],
      sessions: [session],
      sign_in_id: null,
      sign_up_id: null,
      last_active_session_id: session.id,
      last_authentication_strategy: null,
      created_at: session.created_at,
      updated_at: session.created_at,
    });
    await t.api.ok('RevokeSession', { params: { session_id: session.id } });
    const after = await t.api.ok('GetClient', { params: { client_id: session.client_id } });
    expect(after.sessions?.[0]?.status).toBe('revoked');
    await t.api.fail('GetClient', { params: { client_id: 'client_x' } }, 404, 'resource_not_found');
  });

  it('GET /v1/clients lists clients newest first, paginated on request', async () => {
    const fresh = await useTestInstance(dialect);
    const base = Date.UTC(2026, 3, 3);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      fresh.clock.set(base + i * 1000);
      ids.push((await createUserSession(fresh)).session.client_id);
    }
    fresh.clock.useRealTime();
    const all = await fresh.api.ok('GetClientList');
    expect(all.map((c: any) => c.id)).toEqual([...ids].reverse());
    expect(all[0]?.sessions).toHaveLength(1);
    expect(
      await fresh.api.ok('GetClientList', { query: { paginated: true, limit: 1, offset: 1 } }),
    ).toEqual({ data: [all[1]], total_count: 3 });
    await fresh.api.fail('GetClientList', { query: { limit: 501 } }, 422);
    await fresh.api.fail('GetClientList', { query: { offset: -1 } }, 422);
  });

  it('POST /v1/clients/verify answers the client of its current __client token', async () => {
    const { session } = await createUserSession(t);
    const token = await issueClientToken(scopeOf(t), session.client_id);
    const client = await t.api.ok('VerifyClient', { body: { token } });
    expect(client.id).toBe(session.client_id);
    expect(client.session_ids).toEqual([session.id]);
    // A new token replaces the old one.
    const next = await issueClientToken(scopeOf(t), session.client_id);
    await t.api.fail('VerifyClient', { body: { token } }, 401, 'token_invalid');
    expect((await t.api.ok('VerifyClient', { body: { token: next } })).id).toBe(session.client_id);
  });

  it('POST /v1/clients/verify refuses tokens that are not this instance client tokens', async () => {
    const { session } = await createUserSession(t);
    const { jwt } = await t.api.ok('CreateSessionToken', { params: { session_id: session.id } });
    await t.api.fail('VerifyClient', { body: { token: jwt! } }, 401, 'token_invalid');
    for (const token of ['', 'x.y.z', 'garbage']) {
      await t.api.fail('VerifyClient', { body: { token } }, 401, 'token_invalid');
    }
    const key = await currentSigningKey(scopeOf(t));
    const orphan = await signRs256(key.kid, key.privateKey, {
      id: 'client_gone',
      rotating_token: 'x',
      iss: `https://${t.instance.frontendApi}`,
    });
    await t.api.fail('VerifyClient', { body: { token: orphan } }, 404, 'resource_not_found');
    const other = await useTestInstance(dialect);
    const { session: theirs } = await createUserSession(other);
    const foreign = await issueClientToken(scopeOf(other), theirs.client_id);
    await t.api.fail('VerifyClient', { body: { token: foreign } }, 401, 'token_invalid');
    await t.api.fail('VerifyClient', { body: {} as never }, 422, 'form_param_missing');
    await expect(issueClientToken(scopeOf(t), 'client_nope')).rejects.toMatchObject({
      status: 404,
    });
  });
});

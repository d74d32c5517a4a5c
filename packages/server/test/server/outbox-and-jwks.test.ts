import { createPublicKey, createVerify, generateKeyPairSync, createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import { expectContract } from '../helpers/contract.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

describe.each(testDialects())('outbox and JWKS (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server?.close());

  const instanceId = () => server.app.castellan.bootstrap.instance.id;
  const events = async () => listOutboxEvents(server.database.db, instanceId());
  const payloadOf = (e: { payload: unknown }) =>
    typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload;

  it('records user.created, user.updated and user.deleted exactly when the change commits', async () => {
    const before = (await events()).length;
    const user = await createTestUser(server, { first_name: 'Evt' });
    await server.app.inject({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      headers: server.auth,
      payload: { last_name: 'L' },
    });
    await server.app.inject({
      method: 'PATCH',
      url: `/v1/users/${user.id}/metadata`,
      headers: server.auth,
      payload: { public_metadata: { a: 1 } },
    });
    await server.app.inject({
      method: 'DELETE',
      url: `/v1/users/${user.id}`,
      headers: server.auth,
    });
    const after = (await events()).slice(before);
    expect(after.map((e) => e.event_type)).toEqual([
      'user.created',
      'user.updated',
      'user.updated',
      'user.deleted',
    ]);
    const created = payloadOf(after[0]!);
    expect(created).toMatchObject({
      object: 'event',
      type: 'user.created',
      instance_id: instanceId(),
    });
    expect(created.data).toMatchObject({ id: user.id, object: 'user', first_name: 'Evt' });
    expect(created.timestamp).toEqual(expect.any(Number));
    expect(payloadOf(after[2]!).data.public_metadata).toEqual({ a: 1 });
    expect(payloadOf(after[3]!).data).toEqual({ object: 'user', id: user.id, deleted: true });
  });

  it('writes no event when the change is rejected or rolls back', async () => {
    const email = uniqueEmail('dup');
    await createTestUser(server, { email_address: [email] });
    const before = (await events()).length;
    const dup = await server.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: server.auth,
      payload: { email_address: [email], password: 'a-very-unusual-passphrase-42' },
    });
    expect(dup.statusCode).toBe(422);
    const missing = await server.app.inject({
      method: 'PATCH',
      url: '/v1/users/user_2x0000000000000000000000000',
      headers: server.auth,
      payload: { first_name: 'x' },
    });
    expect(missing.statusCode).toBe(404);
    expect((await events()).length).toBe(before);
  });

  it('GET /v1/jwks returns the RS256 public key that verifies the instance signature', async () => {
    const res = await server.app.inject({ url: '/v1/jwks', headers: server.auth });
    const jwks = expectContract('GetJWKS', res);
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
    expect(key.kid).toEqual(expect.any(String));
    const publicKey = createPublicKey({ key: { kty: key.kty, n: key.n, e: key.e }, format: 'jwk' });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // The stored private key pairs with the published public key.
    const row = await server.database.db
      .selectFrom('signing_keys')
      .selectAll()
      .executeTakeFirstOrThrow();
    const signature = createSign('SHA256').update('castellan').sign(row.private_key_pem);
    expect(createVerify('SHA256').update('castellan').verify(publicKey, signature)).toBe(true);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = createSign('SHA256').update('castellan').sign(stranger);
    expect(createVerify('SHA256').update('castellan').verify(publicKey, forged)).toBe(false);
  });

  it('GET /v1/jwks without a key returns 401', async () => {
    const res = await server.app.inject({ url: '/v1/jwks' });
    expect(res.statusCode).toBe(401);
  });
});

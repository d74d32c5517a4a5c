import { createPublicKey, createVerify, generateKeyPairSync, createSign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSigningKey } from '../../src/instances/signing-keys.js';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

describe.each(testDialects())('outbox and JWKS (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  const instanceId = () => t.instanceId;
  const events = async () => listOutboxEvents(t.database.db, instanceId());
  const payloadOf = (e: { payload: unknown }) =>
    typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload;

  it('records user.created, user.updated and user.deleted exactly when the change commits', async () => {
    const before = (await events()).length;
    const user = await createTestUser(api, { first_name: 'Evt' });
    const params = { user_id: user.id };
    await api.ok('UpdateUser', { params, body: { last_name: 'L' } });
    await api.ok('UpdateUserMetadata', { params, body: { public_metadata: { a: 1 } } });
    await api.ok('DeleteUser', { params });
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
    await createTestUser(api, { email_address: [email] });
    const before = (await events()).length;
    await api.fail(
      'CreateUser',
      { body: { email_address: [email], password: 'a-very-unusual-passphrase-42' } },
      422,
      'form_identifier_exists',
    );
    await api.fail(
      'UpdateUser',
      { params: { user_id: 'user_2x0000000000000000000000000' }, body: { first_name: 'x' } },
      404,
    );
    expect((await events()).length).toBe(before);
  });

  it('GET /v1/jwks returns the RS256 public key that verifies the instance signature', async () => {
    const jwks = await api.ok('GetJWKS');
    expect(jwks.keys).toHaveLength(1);
    const key = jwks.keys![0] as { kty: 'RSA'; kid: string; n: string; e: string };
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
    expect(key.kid).toEqual(expect.any(String));
    const publicKey = createPublicKey({ key: { kty: key.kty, n: key.n, e: key.e }, format: 'jwk' });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // The stored private key (sealed, ADR 0003) pairs with the published public key.
    const row = await t.database.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('instance_id', '=', instanceId())
      .executeTakeFirstOrThrow();
    const privateKey = openSigningKey(t.app.castellan.secrets, row);
    const signature = createSign('SHA256').update('castellan').sign(privateKey);
    expect(createVerify('SHA256').update('castellan').verify(publicKey, signature)).toBe(true);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = createSign('SHA256').update('castellan').sign(stranger);
    expect(createVerify('SHA256').update('castellan').verify(publicKey, forged)).toBe(false);
  });

  it('GET /v1/jwks without a key returns 401', async () => {
    await api.fail('GetJWKS', { secretKey: null }, 401, 'authorization_header_missing');
  });
});

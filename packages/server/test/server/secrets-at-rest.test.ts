import { createPublicKey, createSign, createVerify } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { openSigningKey } from '../../src/instances/signing-keys.js';
import { EncryptionKeyError } from '../../src/secrets/encryption-key.js';
import { SecretDecryptionError, sealedKid } from '../../src/secrets/secret-box.js';
import { openTotpSecret } from '../../src/users/user-secrets.js';
import { expectContract } from '../helpers/contract.js';
import {
  createTestDatabase,
  TEST_SECRET_KEY,
  testDialects,
  type TestDatabase,
} from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

const KEY = Buffer.alloc(32, 'first-kek').toString('base64');
const OTHER_KEY = Buffer.alloc(32, 'second-kek').toString('base64');
const auth = { authorization: `Bearer ${TEST_SECRET_KEY}` };
/** RFC 6238's SHA-1 seed, base32: what a migrating app would send as `totp_secret`. */
const TOTP = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe.each(testDialects())('secrets at rest (%s)', (dialect) => {
  let testDb: TestDatabase;
  const apps: FastifyInstance[] = [];

  /** A server on the shared test database; the database outlives it (a restart). */
  async function start(encryptionKey: string, previous: string[] = []) {
    const app = await createServer({
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      encryptionKey,
      previousEncryptionKeys: previous,
      logger: false,
    });
    apps.push(app);
    return app;
  }

  async function createUserWithTotp(app: FastifyInstance) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: auth,
      payload: {
        email_address: [uniqueEmail('totp')],
        skip_password_requirement: true,
        totp_secret: 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq',
      },
    });
    const user = expectContract('CreateUser', res);
    expect(res.statusCode).toBe(200);
    return user as { id: string; totp_enabled: boolean; two_factor_enabled: boolean };
  }

  const db = () => testDb.database.db;
  const storedTotp = async (userId: string) =>
    (
      await db()
        .selectFrom('users')
        .select('totp_secret')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
    ).totp_secret!;
  const signingKeyRow = () => db().selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
  const jwks = async (app: FastifyInstance) =>
    expectContract('GetJWKS', await app.inject({ url: '/v1/jwks', headers: auth }));

  function signsForJwks(
    app: FastifyInstance,
    row: Awaited<ReturnType<typeof signingKeyRow>>,
    jwk: any,
  ) {
    const signature = createSign('SHA256')
      .update('token')
      .sign(openSigningKey(app.castellan.secrets, row));
    const publicKey = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    return createVerify('SHA256').update('token').verify(publicKey, signature);
  }

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await testDb.database.close();
    await testDb.drop();
  });

  it('stores the signing key and TOTP secrets sealed; the API shows only totp_enabled', async () => {
    const app = await start(KEY);
    const user = await createUserWithTotp(app);
    expect(user).toMatchObject({ totp_enabled: true, two_factor_enabled: true });
    expect(JSON.stringify(user)).not.toMatch(/GEZDGNBV|totp_secret/i);

    const stored = await storedTotp(user.id);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(TOTP);
    expect(sealedKid(stored)).toBe(app.castellan.secrets.currentKid);
    expect(openTotpSecret(app.castellan.secrets, user.id, stored)).toBe(TOTP);

    const key = await signingKeyRow();
    expect(key.private_key_pem).toMatch(/^v1:/);
    expect(key.private_key_pem).not.toContain('PRIVATE KEY');
    const outbox = await db().selectFrom('outbox').select('payload').execute();
    expect(JSON.stringify(outbox)).not.toContain(TOTP);
  });

  it('a ciphertext moved to another user does not open', async () => {
    const app = await start(KEY);
    const [a, b] = [await createUserWithTotp(app), await createUserWithTotp(app)];
    const stolen = await storedTotp(a.id);
    await db().updateTable('users').set({ totp_secret: stolen }).where('id', '=', b.id).execute();
    expect(() => openTotpSecret(app.castellan.secrets, b.id, stolen)).toThrow(
      SecretDecryptionError,
    );
    // PATCH re-seals a new secret for the row it belongs to.
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${b.id}`,
      headers: auth,
      payload: { totp_secret: TOTP },
    });
    expect(res.statusCode).toBe(200);
    expect(openTotpSecret(app.castellan.secrets, b.id, await storedTotp(b.id))).toBe(TOTP);
  });

  it('after a restart with the same key, the JWKS is unchanged and the key still signs for it', async () => {
    const first = await start(KEY);
    const before = await jwks(first);
    await first.close();
    const second = await start(KEY);
    const after = await jwks(second);
    expect(after).toEqual(before);
    expect(signsForJwks(second, await signingKeyRow(), after.keys[0])).toBe(true);
  });

  it('refuses to start with another key, or with none, and says which key the data needs', async () => {
    const first = await start(KEY);
    const { kid } = first.castellan.encryption;
    await createUserWithTotp(first);
    await first.close();
    const wrong = await start(OTHER_KEY).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(EncryptionKeyError);
    expect((wrong as Error).message).toContain(`encrypted under encryption key ${kid}`);
    const none = await createServer({ database: testDb.database, logger: false }).catch(
      (e: unknown) => e,
    );
    expect(none).toBeInstanceOf(EncryptionKeyError);
    // The data is untouched: the right key still opens it.
    await start(KEY);
  });

  it('refuses another key even when the check value was deleted, if sealed data remains', async () => {
    const first = await start(KEY);
    await first.close();
    await db().deleteFrom('encryption_check').execute();
    await expect(start(OTHER_KEY)).rejects.toThrow(/signing_keys.private_key_pem holds values/);
  });

  it('seals values an earlier version stored in clear on the next start', async () => {
    const first = await start(KEY);
    const user = await createUserWithTotp(first);
    const before = await jwks(first);
    const pem = openSigningKey(first.castellan.secrets, await signingKeyRow())
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await first.close();
    // What a database from before encryption looks like: clear values, no check value.
    await db().deleteFrom('encryption_check').execute();
    await db().updateTable('signing_keys').set({ private_key_pem: pem }).execute();
    await db().updateTable('users').set({ totp_secret: TOTP }).where('id', '=', user.id).execute();

    const second = await start(KEY);
    expect(second.castellan.encryption.resealed).toBe(2);
    const key = await signingKeyRow();
    expect(key.private_key_pem).toMatch(/^v1:/);
    expect(await storedTotp(user.id)).toMatch(/^v1:/);
    expect(openTotpSecret(second.castellan.secrets, user.id, await storedTotp(user.id))).toBe(TOTP);
    expect(await jwks(second)).toEqual(before);
    expect(signsForJwks(second, key, before.keys[0])).toBe(true);
    await second.close();
    expect((await start(KEY)).castellan.encryption.resealed).toBe(0);
  });

  it('rotates: the new key with the old one as previous re-seals everything, then the old key alone is refused', async () => {
    const first = await start(KEY);
    const user = await createUserWithTotp(first);
    const before = await jwks(first);
    await first.close();

    const rotated = await start(OTHER_KEY, [KEY]);
    const newKid = rotated.castellan.secrets.currentKid;
    expect(rotated.castellan.encryption.resealed).toBe(2);
    expect(sealedKid(await storedTotp(user.id))).toBe(newKid);
    expect(sealedKid((await signingKeyRow()).private_key_pem)).toBe(newKid);
    await rotated.close();

    const after = await start(OTHER_KEY);
    expect(await jwks(after)).toEqual(before);
    expect(openTotpSecret(after.castellan.secrets, user.id, await storedTotp(user.id))).toBe(TOTP);
    await after.close();
    await expect(start(KEY)).rejects.toThrow(EncryptionKeyError);
  });
});

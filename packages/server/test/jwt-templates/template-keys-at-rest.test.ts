import type { FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { createTemplateToken } from '../../src/jwt-templates/template-token-service.js';
import { systemClock } from '../../src/platform/clock.js';
import { sealedKid } from '../../src/secrets/secret-box.js';
import { Api } from '../helpers/api.js';
import { scopeOn } from '../helpers/test-scope.js';
import {
  createTestDatabase,
  TEST_SECRET_KEY,
  testDialects,
  type TestDatabase,
} from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { hmacSecret, testKeyPair } from './signing-keys.js';

const KEY = Buffer.alloc(32, 'first-kek').toString('base64');
const OTHER_KEY = Buffer.alloc(32, 'second-kek').toString('base64');

/** Custom keys survive restarts and encryption-key rotation, sealed under the key in use. */
describe.each(testDialects())('JWT template keys at rest (%s)', (dialect) => {
  let testDb: TestDatabase;
  const apps: FastifyInstance[] = [];

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

  const storedKeys = () =>
    testDb.database.db
      .selectFrom('jwt_templates')
      .select(['name', 'signing_key'])
      .orderBy('name')
      .execute();

  /** A token from `name` on `app`, for a user made there. */
  async function tokenFrom(app: FastifyInstance, name: string) {
    const api = new Api(app, TEST_SECRET_KEY);
    const instance = await testDb.database.db
      .selectFrom('instances')
      .select(['id', 'frontend_api', 'publishable_key', 'environment'])
      .executeTakeFirstOrThrow();
    const scope = scopeOn(app, {
      instance: {
        id: instance.id,
        frontendApi: instance.frontend_api,
        publishableKey: instance.publishable_key,
        environment: instance.environment,
      },
      clock: systemClock,
      baseUrl: 'http://localhost',
    });
    const user = await createTestUser(api);
    const subject = {
      user: await api.ok('GetUser', { params: { user_id: user.id } }),
      session: { id: 'sess_1', actor: null, fva: null },
      organization: null,
      azp: undefined,
    };
    return (await createTemplateToken(scope, name, subject, {})).jwt;
  }

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await testDb.database.close();
    await testDb.drop();
  });

  it('re-seals custom keys on rotation, and the tokens still verify with the same keys', async () => {
    const secret = hmacSecret(32);
    const first = await start(KEY);
    const api = new Api(first, TEST_SECRET_KEY);
    for (const [name, algorithm, key] of [
      ['a-hs', 'HS256', secret],
      ['b-es', 'ES256', testKeyPair('p256').pem],
    ] as const) {
      await api.ok('CreateJWTTemplate', {
        body: {
          name,
          claims: {},
          custom_signing_key: true,
          signing_algorithm: algorithm,
          signing_key: key,
        },
      });
    }
    const firstKid = first.castellan.secrets.currentKid;
    expect((await storedKeys()).map((row) => sealedKid(row.signing_key!))).toEqual([
      firstKid,
      firstKid,
    ]);
    await first.close();

    const rotated = await start(OTHER_KEY, [KEY]);
    // The instance's signing key and both template keys.
    expect(rotated.castellan.encryption.resealed).toBe(3);
    const newKid = rotated.castellan.secrets.currentKid;
    expect((await storedKeys()).map((row) => sealedKid(row.signing_key!))).toEqual([
      newKid,
      newKid,
    ]);
    await rotated.close();

    const after = await start(OTHER_KEY);
    await jwtVerify(await tokenFrom(after, 'a-hs'), new TextEncoder().encode(secret));
    await jwtVerify(await tokenFrom(after, 'b-es'), testKeyPair('p256').publicKey);
  });

  it('seals a key stored in clear on the next start', async () => {
    const secret = hmacSecret(32);
    const first = await start(KEY);
    await new Api(first, TEST_SECRET_KEY).ok('CreateJWTTemplate', {
      body: {
        name: 'clear',
        claims: {},
        custom_signing_key: true,
        signing_algorithm: 'HS256',
        signing_key: secret,
      },
    });
    // What a node writing without encryption would have left.
    await testDb.database.db.updateTable('jwt_templates').set({ signing_key: secret }).execute();
    await jwtVerify(await tokenFrom(first, 'clear'), new TextEncoder().encode(secret));
    await first.close();

    const second = await start(KEY);
    expect(second.castellan.encryption.resealed).toBe(1);
    expect((await storedKeys())[0]!.signing_key).toMatch(/^v1:/);
    await jwtVerify(await tokenFrom(second, 'clear'), new TextEncoder().encode(secret));
  });
});

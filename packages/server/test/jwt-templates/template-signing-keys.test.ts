import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { hmacSecret, testKeyPair } from './signing-keys.js';

let counter = 0;
const uniqueName = (prefix = 'key') => `${prefix}-${(counter += 1)}`;

describe.each(testDialects())('JWT templates: custom signing keys (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  /** The stored row, to check what a write left (and that the key is sealed). */
  const storedRow = (id: string) =>
    t.database.db.selectFrom('jwt_templates').selectAll().where('id', '=', id).executeTakeFirst();

  const countRows = async () =>
    (
      await t.database.db
        .selectFrom('jwt_templates')
        .select('id')
        .where('instance_id', '=', t.instanceId)
        .execute()
    ).length;
  const good = () =>
    [
      ['HS256', hmacSecret(32)],
      ['HS384', hmacSecret(48)],
      ['HS512', hmacSecret(64)],
      ['RS256', testKeyPair('rsa2048').pem],
      ['RS384', testKeyPair('rsa2048').pem],
      ['RS512', testKeyPair('rsa2048').pem],
      ['ES256', testKeyPair('p256').pem],
      ['ES384', testKeyPair('p384').pem],
      ['ES512', testKeyPair('p521').pem],
      ['EdDSA', testKeyPair('ed25519').pem],
    ] as const;

  it('accepts a key for each algorithm, stores it sealed and never answers it', async () => {
    for (const [algorithm, key] of good()) {
      const template = await api.ok('CreateJWTTemplate', {
        body: {
          name: uniqueName(algorithm),
          claims: {},
          custom_signing_key: true,
          signing_algorithm: algorithm,
          signing_key: key,
        },
      });
      expect(template).toMatchObject({ custom_signing_key: true, signing_algorithm: algorithm });
      expect(JSON.stringify(template)).not.toContain(key.slice(0, 40));
      const row = await storedRow(template.id);
      expect(row!.signing_key).toMatch(/^v1:/);
      // 30 characters from the key's middle: a short HS key's slice(30, 60) was 2 letters,
      // which random ciphertext contains now and then.
      const middle = Math.floor(key.length / 2);
      expect(row!.signing_key).not.toContain(key.slice(middle - 15, middle + 15));
    }
  });

  it('refuses a key that does not suit its algorithm, with a precise 422', async () => {
    const rsa = testKeyPair('rsa2048').pem;
    const cases: [string, string, string][] = [
      ['HS256', rsa, 'signing_key cannot sign HS256 tokens: it is a PEM key, not an HMAC secret.'],
      [
        'HS256',
        hmacSecret(31),
        'signing_key cannot sign HS256 tokens: it must be at least 32 bytes.',
      ],
      [
        'HS512',
        hmacSecret(63),
        'signing_key cannot sign HS512 tokens: it must be at least 64 bytes.',
      ],
      [
        'RS256',
        testKeyPair('p256').pem,
        'signing_key cannot sign RS256 tokens: it is an ec key, not an RSA key.',
      ],
      [
        'RS256',
        testKeyPair('rsa1024').pem,
        'signing_key cannot sign RS256 tokens: an RSA key must have at least 2048 bits.',
      ],
      ['RS256', 'not a key', 'signing_key cannot sign RS256 tokens: it must be a PEM private key.'],
      [
        'RS256',
        testKeyPair('rsa2048').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        'signing_key cannot sign RS256 tokens: it is not an unencrypted PEM private key.',
      ],
      [
        'ES256',
        testKeyPair('p384').pem,
        'signing_key cannot sign ES256 tokens: it is on secp384r1, not on prime256v1.',
      ],
      ['ES384', rsa, 'signing_key cannot sign ES384 tokens: it is an rsa key, not an EC key.'],
      [
        'EdDSA',
        testKeyPair('p256').pem,
        'signing_key cannot sign EdDSA tokens: it is an ec key, not an Ed25519 key.',
      ],
    ];
    const before = await countRows();
    for (const [algorithm, key, message] of cases) {
      const body = await api.fail(
        'CreateJWTTemplate',
        {
          body: {
            name: uniqueName(),
            claims: {},
            custom_signing_key: true,
            signing_algorithm: algorithm,
            signing_key: key,
          },
        },
        422,
        'form_param_value_invalid',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'signing_key' });
      expect(body.errors[0]!.long_message).toBe(message);
    }
    expect(await countRows()).toBe(before);
  });

  it('refuses an unknown algorithm, and a custom key without its algorithm or key', async () => {
    for (const algorithm of ['none', 'PS256', 'hs256', '']) {
      const body = await api.fail(
        'CreateJWTTemplate',
        {
          body: {
            name: uniqueName(),
            claims: {},
            custom_signing_key: true,
            signing_algorithm: algorithm,
            signing_key: hmacSecret(64),
          },
        },
        422,
        'form_param_value_invalid',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'signing_algorithm' });
    }
    const noAlgorithm = await api.fail(
      'CreateJWTTemplate',
      {
        body: {
          name: uniqueName(),
          claims: {},
          custom_signing_key: true,
          signing_key: hmacSecret(32),
        },
      },
      422,
      'form_conditional_param_missing',
    );
    expect(noAlgorithm.errors[0]!.meta).toEqual({ param_name: 'signing_algorithm' });
    const noKey = await api.fail(
      'CreateJWTTemplate',
      {
        body: {
          name: uniqueName(),
          claims: {},
          custom_signing_key: true,
          signing_algorithm: 'HS256',
        },
      },
      422,
      'form_conditional_param_missing',
    );
    expect(noKey.errors[0]!.meta).toEqual({ param_name: 'signing_key' });
  });

  it('refuses a key or another algorithm without custom_signing_key, rather than ignore it', async () => {
    for (const body of [
      { signing_key: hmacSecret(32) },
      { custom_signing_key: false, signing_key: hmacSecret(32) },
      { signing_algorithm: 'HS256' },
    ]) {
      const answer = await api.fail(
        'CreateJWTTemplate',
        { body: { name: uniqueName(), claims: {}, ...body } },
        422,
        'form_param_not_allowed',
      );
      expect(answer.errors[0]!.meta!.param_name).toMatch(/^signing_(key|algorithm)$/);
    }
    const rs256 = await api.ok('CreateJWTTemplate', {
      body: {
        name: uniqueName(),
        claims: {},
        custom_signing_key: false,
        signing_algorithm: 'RS256',
        signing_key: null,
      },
    });
    expect(rs256).toMatchObject({ custom_signing_key: false, signing_algorithm: 'RS256' });
  });
});

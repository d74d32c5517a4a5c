import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { hmacSecret, testKeyPair } from './signing-keys.js';

let counter = 0;
const uniqueName = (prefix = 'tmpl') => `${prefix}-${(counter += 1)}`;

describe.each(testDialects())('JWT templates (%s)', (dialect) => {
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

  describe('CreateJWTTemplate', () => {
    it("creates a template with Clerk's defaults and the claims as sent", async () => {
      const claims = { aud: 'https://example.com', email: '{{user.primary_email_address}}' };
      const name = uniqueName();
      const template = await api.ok('CreateJWTTemplate', { body: { name, claims } });
      expect(template).toEqual({
        object: 'jwt_template',
        id: expect.stringMatching(/^jtmp_[0-9A-Za-z]{27}$/),
        name,
        claims,
        lifetime: 60,
        allowed_clock_skew: 5,
        custom_signing_key: false,
        signing_algorithm: 'RS256',
        created_at: template.created_at,
        updated_at: template.created_at,
      });
      expect(Math.abs(template.created_at - Date.now())).toBeLessThan(60_000);
      expect(await api.ok('GetJWTTemplate', { params: { template_id: template.id } })).toEqual(
        template,
      );
    });

    it('takes lifetime and allowed_clock_skew at their bounds; null means the default', async () => {
      const low = await api.ok('CreateJWTTemplate', {
        body: { name: uniqueName(), claims: {}, lifetime: 30, allowed_clock_skew: 0 },
      });
      expect([low.lifetime, low.allowed_clock_skew]).toEqual([30, 0]);
      const high = await api.ok('CreateJWTTemplate', {
        body: { name: uniqueName(), claims: {}, lifetime: 315_360_000, allowed_clock_skew: 300 },
      });
      expect([high.lifetime, high.allowed_clock_skew]).toEqual([315_360_000, 300]);
      const nulls = await api.ok('CreateJWTTemplate', {
        body: { name: uniqueName(), claims: {}, lifetime: null, allowed_clock_skew: null },
      });
      expect([nulls.lifetime, nulls.allowed_clock_skew]).toEqual([60, 5]);
    });

    it('refuses lifetime and allowed_clock_skew out of range, and writes nothing', async () => {
      const before = await countRows();
      for (const [field, value] of [
        ['lifetime', 29],
        ['lifetime', 315_360_001],
        ['allowed_clock_skew', -1],
        ['allowed_clock_skew', 301],
        ['lifetime', 60.5],
      ] as const) {
        const body = await api.fail(
          'CreateJWTTemplate',
          { body: { name: uniqueName(), claims: {}, [field]: value } },
          422,
        );
        expect(body.errors[0]!.meta).toEqual({ param_name: field });
      }
      expect(await countRows()).toBe(before);
    });

    it('requires a name and claims; claims must be an object', async () => {
      await api.fail('CreateJWTTemplate', { body: { claims: {} } }, 422, 'form_param_missing');
      await api.fail('CreateJWTTemplate', { body: { name: 'x' } }, 422, 'form_param_missing');
      const blank = await api.fail(
        'CreateJWTTemplate',
        { body: { name: '   ', claims: {} } },
        422,
        'form_param_missing',
      );
      expect(blank.errors[0]!.meta).toEqual({ param_name: 'name' });
      for (const claims of [[], 'x', 1, null]) {
        const body = await api.fail(
          'CreateJWTTemplate',
          { rawBody: { name: uniqueName(), claims } },
          422,
        );
        expect(body.errors[0]!.meta).toEqual({ param_name: 'claims' });
      }
    });

    it('refuses a name another template has (trimmed, case-sensitive)', async () => {
      const name = uniqueName('dup');
      await api.ok('CreateJWTTemplate', { body: { name: ` ${name} `, claims: {} } });
      const before = await countRows();
      const body = await api.fail(
        'CreateJWTTemplate',
        { body: { name, claims: { a: 1 } } },
        400,
        'duplicate_record',
      );
      expect(body.errors[0]!.long_message).toBe(
        `Another JWT template of this instance is named ${name}.`,
      );
      expect(await countRows()).toBe(before);
      await api.ok('CreateJWTTemplate', { body: { name: name.toUpperCase(), claims: {} } });
    });

    it('refuses reserved claims and bad shortcodes, naming the claim, and writes nothing', async () => {
      const before = await countRows();
      const reserved = await api.fail(
        'CreateJWTTemplate',
        { body: { name: uniqueName(), claims: { sub: '{{user.id}}' } } },
        422,
        'form_param_value_invalid',
      );
      expect(reserved.errors[0]!.meta).toEqual({ param_name: 'claims.sub' });
      const unknown = await api.fail(
        'CreateJWTTemplate',
        { body: { name: uniqueName(), claims: { a: { b: ['{{user.nope}}'] } } } },
        422,
        'form_param_value_invalid',
      );
      expect(unknown.errors[0]!.meta).toEqual({ param_name: 'claims.a.b[0]' });
      expect(unknown.errors[0]!.long_message).toBe(
        'claims.a.b[0] uses {{user.nope}}, which is not a known shortcode.',
      );
      await api.fail(
        'CreateJWTTemplate',
        { body: { name: uniqueName(), claims: { a: '{{user.id' } } },
        422,
        'form_param_value_invalid',
      );
      expect(await countRows()).toBe(before);
    });

    it('refuses claims over 16 KiB of JSON', async () => {
      const body = await api.fail(
        'CreateJWTTemplate',
        {
          body: {
            name: uniqueName(),
            claims: {
              big: 'x'.repeat(4000),
              b: 'x'.repeat(4000),
              c: 'x'.repeat(4000),
              d: 'x'.repeat(4000),
              e: 'x'.repeat(500),
            },
          },
        },
        422,
        'form_param_exceeds_allowed_size',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'claims' });
    });
  });

  describe('custom signing keys', () => {
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
        expect(row!.signing_key).not.toContain(key.slice(30, 60));
      }
    });

    it('refuses a key that does not suit its algorithm, with a precise 422', async () => {
      const rsa = testKeyPair('rsa2048').pem;
      const cases: [string, string, string][] = [
        [
          'HS256',
          rsa,
          'signing_key cannot sign HS256 tokens: it is a PEM key, not an HMAC secret.',
        ],
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
        [
          'RS256',
          'not a key',
          'signing_key cannot sign RS256 tokens: it must be a PEM private key.',
        ],
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

  describe('GetJWTTemplate and DeleteJWTTemplate', () => {
    it('answers 404 for an unknown ID and for a template of another instance', async () => {
      await api.fail(
        'GetJWTTemplate',
        { params: { template_id: 'jtmp_nope' } },
        404,
        'resource_not_found',
      );
      const other = await useTestInstance(dialect);
      const theirs = await other.api.ok('CreateJWTTemplate', {
        body: { name: 'theirs', claims: {} },
      });
      await api.fail(
        'GetJWTTemplate',
        { params: { template_id: theirs.id } },
        404,
        'resource_not_found',
      );
      await api.fail(
        'DeleteJWTTemplate',
        { params: { template_id: theirs.id } },
        404,
        'resource_not_found',
      );
      await api.fail(
        'UpdateJWTTemplate',
        { params: { template_id: theirs.id }, body: { name: 'mine', claims: {} } },
        404,
        'resource_not_found',
      );
      expect(await other.api.ok('GetJWTTemplate', { params: { template_id: theirs.id } })).toEqual(
        theirs,
      );
    });

    it('deletes a template once; its name is free again', async () => {
      const name = uniqueName('gone');
      const template = await api.ok('CreateJWTTemplate', { body: { name, claims: {} } });
      expect(await api.ok('DeleteJWTTemplate', { params: { template_id: template.id } })).toEqual({
        object: 'jwt_template',
        id: template.id,
        deleted: true,
      });
      await api.fail(
        'GetJWTTemplate',
        { params: { template_id: template.id } },
        404,
        'resource_not_found',
      );
      await api.fail(
        'DeleteJWTTemplate',
        { params: { template_id: template.id } },
        404,
        'resource_not_found',
      );
      await api.ok('CreateJWTTemplate', { body: { name, claims: {} } });
    });
  });
});

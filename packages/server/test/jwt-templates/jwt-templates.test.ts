import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

let counter = 0;
const uniqueName = (prefix = 'tmpl') => `${prefix}-${(counter += 1)}`;

describe.each(testDialects())('JWT templates (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

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

    it('gives a name to one of several concurrent creates; the others are 400', async () => {
      const name = uniqueName('race');
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          api.call('CreateJWTTemplate', { body: { name, claims: {} } }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
      for (const answer of answers.filter((a) => a.status === 400)) {
        expect(answer.body.errors[0]).toMatchObject({
          code: 'duplicate_record',
          meta: { param_name: 'name' },
        });
      }
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

import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { hmacSecret, testKeyPair } from './signing-keys.js';

let counter = 0;
const uniqueName = (prefix = 'upd') => `${prefix}-${(counter += 1)}`;

describe.each(testDialects())('UpdateJWTTemplate and ListJWTTemplates (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  const storedKey = async (id: string) =>
    (
      await t.database.db
        .selectFrom('jwt_templates')
        .select('signing_key')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).signing_key;

  const create = (body: Record<string, unknown> = {}) =>
    api.ok('CreateJWTTemplate', { body: { name: uniqueName(), claims: { a: 1 }, ...body } });

  describe('UpdateJWTTemplate', () => {
    it('replaces name and claims, keeps what is not sent, and moves updated_at', async () => {
      t.clock.set(Date.UTC(2026, 0, 1));
      const template = await create({ lifetime: 120, allowed_clock_skew: 10 });
      t.clock.advance(5_000);
      const name = uniqueName('renamed');
      const updated = await api.ok('UpdateJWTTemplate', {
        params: { template_id: template.id },
        body: { name, claims: { role: '{{org.role}}' } },
      });
      expect(updated).toEqual({
        ...template,
        name,
        claims: { role: '{{org.role}}' },
        updated_at: template.created_at + 5_000,
      });
      expect(await api.ok('GetJWTTemplate', { params: { template_id: template.id } })).toEqual(
        updated,
      );
      const reset = await api.ok('UpdateJWTTemplate', {
        params: { template_id: template.id },
        body: { name, claims: {}, lifetime: null, allowed_clock_skew: 0 },
      });
      expect([reset.lifetime, reset.allowed_clock_skew]).toEqual([60, 0]);
      t.clock.useRealTime();
    });

    it('keeps its own name, and refuses another template’s', async () => {
      const mine = await create();
      const theirs = await create();
      await api.ok('UpdateJWTTemplate', {
        params: { template_id: mine.id },
        body: { name: mine.name, claims: { b: 2 } },
      });
      await api.fail(
        'UpdateJWTTemplate',
        { params: { template_id: mine.id }, body: { name: theirs.name, claims: {} } },
        400,
        'duplicate_record',
      );
      const after = await api.ok('GetJWTTemplate', { params: { template_id: mine.id } });
      expect(after).toMatchObject({ name: mine.name, claims: { b: 2 } });
    });

    it('refuses bad claims and leaves the template as it was', async () => {
      const template = await create();
      for (const claims of [{ iss: 'x' }, { a: '{{user.nope}}' }]) {
        await api.fail(
          'UpdateJWTTemplate',
          { params: { template_id: template.id }, body: { name: 'changed', claims } },
          422,
          'form_param_value_invalid',
        );
      }
      await api.fail(
        'UpdateJWTTemplate',
        { params: { template_id: template.id }, body: { claims: {} } },
        422,
        'form_param_missing',
      );
      expect(await api.ok('GetJWTTemplate', { params: { template_id: template.id } })).toEqual(
        template,
      );
    });

    it('keeps a custom key when only the claims change; a new algorithm needs a new key', async () => {
      const template = await create({
        custom_signing_key: true,
        signing_algorithm: 'HS256',
        signing_key: hmacSecret(32),
      });
      const sealed = await storedKey(template.id);
      const kept = await api.ok('UpdateJWTTemplate', {
        params: { template_id: template.id },
        body: { name: template.name, claims: { c: 3 }, signing_algorithm: 'HS256' },
      });
      expect(kept).toMatchObject({ custom_signing_key: true, signing_algorithm: 'HS256' });
      expect(await storedKey(template.id)).toBe(sealed);
      const body = await api.fail(
        'UpdateJWTTemplate',
        {
          params: { template_id: template.id },
          body: { name: template.name, claims: {}, signing_algorithm: 'ES256' },
        },
        422,
        'form_conditional_param_missing',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'signing_key' });
      await api.fail(
        'UpdateJWTTemplate',
        {
          params: { template_id: template.id },
          body: { name: template.name, claims: {}, signing_key: testKeyPair('p256').pem },
        },
        422,
        'form_param_value_invalid',
      );
      const switched = await api.ok('UpdateJWTTemplate', {
        params: { template_id: template.id },
        body: {
          name: template.name,
          claims: {},
          signing_algorithm: 'ES256',
          signing_key: testKeyPair('p256').pem,
        },
      });
      expect(switched.signing_algorithm).toBe('ES256');
      expect(await storedKey(template.id)).not.toBe(sealed);
    });

    it('drops the custom key with custom_signing_key false, and adds one with true', async () => {
      const template = await create({
        custom_signing_key: true,
        signing_algorithm: 'RS256',
        signing_key: testKeyPair('rsa2048').pem,
      });
      const plain = await api.ok('UpdateJWTTemplate', {
        params: { template_id: template.id },
        body: { name: template.name, claims: {}, custom_signing_key: false },
      });
      expect(plain).toMatchObject({ custom_signing_key: false, signing_algorithm: 'RS256' });
      expect(await storedKey(template.id)).toBeNull();
      await api.fail(
        'UpdateJWTTemplate',
        {
          params: { template_id: template.id },
          body: { name: template.name, claims: {}, custom_signing_key: true },
        },
        422,
        'form_conditional_param_missing',
      );
      const custom = await api.ok('UpdateJWTTemplate', {
        params: { template_id: template.id },
        body: {
          name: template.name,
          claims: {},
          custom_signing_key: true,
          signing_algorithm: 'HS512',
          signing_key: hmacSecret(64),
        },
      });
      expect(custom).toMatchObject({ custom_signing_key: true, signing_algorithm: 'HS512' });
      expect(await storedKey(template.id)).toMatch(/^v1:/);
    });

    it('answers 404 for an unknown ID', async () => {
      await api.fail(
        'UpdateJWTTemplate',
        { params: { template_id: 'jtmp_unknown' }, body: { name: 'x', claims: {} } },
        404,
        'resource_not_found',
      );
    });
  });

  describe('ListJWTTemplates', () => {
    it('lists newest first, pages with limit and offset, and answers the envelope when asked', async () => {
      const fresh = await useTestInstance(dialect);
      fresh.clock.set(Date.UTC(2026, 1, 1));
      const made = [];
      for (let i = 0; i < 3; i++) {
        made.push(
          await fresh.api.ok('CreateJWTTemplate', { body: { name: `list-${i}`, claims: {} } }),
        );
        fresh.clock.advance(1_000);
      }
      fresh.clock.useRealTime();
      const newestFirst = [...made].reverse();
      expect(await fresh.api.ok('ListJWTTemplates')).toEqual(newestFirst);
      expect(await fresh.api.ok('ListJWTTemplates', { query: { limit: 1, offset: 1 } })).toEqual([
        made[1],
      ]);
      expect(
        await fresh.api.ok('ListJWTTemplates', { query: { paginated: true, limit: 2 } }),
      ).toEqual({ data: newestFirst.slice(0, 2), total_count: 3 });
      await fresh.api.fail('ListJWTTemplates', { query: { limit: 0 } }, 422);
      await fresh.api.fail('ListJWTTemplates', { query: { offset: -1 } }, 422);
    });
  });
});

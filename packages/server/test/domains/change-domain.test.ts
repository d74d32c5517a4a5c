import { beforeAll, describe, expect, it } from 'vitest';
import { findInstanceHost } from '../../src/instances/instance-domain-store.js';
import { publishableKeyFor } from '../../src/instances/secret-keys.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { useProductionInstance } from './production-instance.js';

describe.each(testDialects())('changing a production instance’s domain (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it.each(['ChangeProductionInstanceDomain', 'UpdateProductionInstanceDomain'] as const)(
    '%s moves the Frontend API to clerk.<registrable domain> and the publishable key with it',
    async (operation) => {
      const prod = await useProductionInstance(t);
      const suffix = `${operation.length}-${prod.instanceId.slice(-6).toLowerCase()}`;
      const response = await prod.api.call(operation, {
        body: { home_url: `https://www.moved-${suffix}.co.uk/` },
      });
      expect(response.status).toBe(202);
      const host = await findInstanceHost(t.database.db, prod.instanceId);
      expect(host).toEqual({
        frontend_api: `clerk.moved-${suffix}.co.uk`,
        publishable_key: publishableKeyFor(`clerk.moved-${suffix}.co.uk`, 'live'),
        environment: 'production',
      });
      const primary = (await prod.api.ok('ListDomains')).data.at(-1);
      expect(primary).toMatchObject({
        name: `moved-${suffix}.co.uk`,
        frontend_api_url: `https://clerk.moved-${suffix}.co.uk`,
      });
    },
  );

  it('POST /v1/beta_features/change_domain (what @clerk/backend sends) does the same', async () => {
    const prod = await useProductionInstance(t);
    const send = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/beta_features/change_domain',
        headers: {
          authorization: `Bearer ${prod.api.secretKey}`,
          'content-type': 'application/json',
        },
        payload: JSON.stringify(payload),
      });
    const refused = await send({ home_url: 'https://x.example.com', nope: 1 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].code).toBe('form_param_unknown');
    const accepted = await send({ home_url: 'https://www.alias-moved.example.org' });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.body).toBe('');
    expect((await findInstanceHost(t.database.db, prod.instanceId))?.frontend_api).toBe(
      'clerk.example.org',
    );
  });

  it('a secondary app keeps its subdomain', async () => {
    const prod = await useProductionInstance(t);
    await prod.api.ok('ChangeProductionInstanceDomain', {
      body: { home_url: 'https://app.secondary.example.com', is_secondary: true },
    });
    expect((await findInstanceHost(t.database.db, prod.instanceId))?.frontend_api).toBe(
      'clerk.app.secondary.example.com',
    );
  });

  it('UpdateDomain on the primary with a new name moves it too', async () => {
    const prod = await useProductionInstance(t);
    const primary = (await prod.api.ok('ListDomains')).data.at(-1);
    const moved = await prod.api.ok('UpdateDomain', {
      params: { domain_id: primary!.id },
      body: { name: 'renamed.example.dev' },
    });
    expect(moved).toMatchObject({ id: primary!.id, name: 'renamed.example.dev' });
    expect((await findInstanceHost(t.database.db, prod.instanceId))?.frontend_api).toBe(
      'clerk.renamed.example.dev',
    );
  });

  it('refuses a development instance, and changes nothing', async () => {
    await t.api.fail(
      'ChangeProductionInstanceDomain',
      { body: { home_url: 'https://example.com' } },
      400,
      'production_instance_required',
    );
    await t.api.fail(
      'UpdateProductionInstanceDomain',
      { body: { home_url: 'https://example.com' } },
      400,
    );
    expect((await findInstanceHost(t.database.db, t.instanceId))?.frontend_api).toBe(
      t.instance.frontendApi,
    );
  });

  it.each([
    [{}, 422, 'form_param_missing'],
    [{ home_url: 'not a url at all' }, 422, 'form_param_format_invalid'],
    [{ home_url: 'ftp://example.com' }, 422, 'form_param_format_invalid'],
    [{ home_url: 'https://localhost:3000' }, 422, 'form_param_format_invalid'],
    [{ home_url: 'https://10.0.0.1' }, 422, 'form_param_format_invalid'],
    [{ home_url: 'https://co.uk' }, 422, 'form_param_format_invalid'],
    [{ home_url: 'https://example.com', extra: 1 }, 422, 'form_param_unknown'],
  ])('refuses %j and keeps the domain', async (body, status, code) => {
    const prod = await useProductionInstance(t);
    await prod.api.fail('ChangeProductionInstanceDomain', { body: body as never }, status, code);
    expect((await findInstanceHost(t.database.db, prod.instanceId))?.frontend_api).toBe(
      `clerk.${prod.domain}`,
    );
  });

  it('refuses the domain of another instance', async () => {
    const first = await useProductionInstance(t);
    const second = await useProductionInstance(t);
    await second.api.fail(
      'ChangeProductionInstanceDomain',
      { body: { home_url: `https://${first.domain}`, is_secondary: true } },
      400,
      'duplicate_record',
    );
    expect((await findInstanceHost(t.database.db, second.instanceId))?.frontend_api).toBe(
      `clerk.${second.domain}`,
    );
  });

  it('refuses a domain one of its satellites has', async () => {
    const prod = await useProductionInstance(t);
    await prod.api.ok('AddDomain', { body: { name: 'taken-sat.example.com', is_satellite: true } });
    await prod.api.fail(
      'ChangeProductionInstanceDomain',
      { body: { home_url: 'https://taken-sat.example.com', is_secondary: true } },
      400,
      'duplicate_record',
    );
    expect((await findInstanceHost(t.database.db, prod.instanceId))?.frontend_api).toBe(
      `clerk.${prod.domain}`,
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { useProductionInstance } from './production-instance.js';

describe.each(testDialects())('domains of a development instance (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('lists the primary domain alone at first: the Frontend API host, not a satellite', async () => {
    const { data, total_count } = await t.api.ok('ListDomains');
    expect(total_count).toBe(1);
    expect(data).toEqual([
      {
        object: 'domain',
        id: `dmn_${t.instanceId.slice(4)}`,
        name: t.instance.frontendApi,
        is_satellite: false,
        frontend_api_url: `https://${t.instance.frontendApi}`,
        accounts_portal_url: null,
        proxy_url: null,
        development_origin: '',
        cname_targets: null,
      },
    ]);
  });

  it('the primary shows the instance’s development_origin', async () => {
    const fresh = await useTestInstance(dialect);
    await fresh.api.ok('UpdateInstance', { body: { development_origin: 'http://localhost:5173' } });
    const primary = (await fresh.api.ok('ListDomains')).data.at(-1);
    expect(primary!.development_origin).toBe('http://localhost:5173');
  });

  it('adds satellites (a port is allowed in development); they share the primary’s Frontend API', async () => {
    const satellite = await t.api.ok('AddDomain', {
      body: { name: 'LocalHost:3001', is_satellite: true },
    });
    expect(satellite).toEqual({
      object: 'domain',
      id: expect.stringMatching(/^dmn_/),
      name: 'localhost:3001',
      is_satellite: true,
      frontend_api_url: `https://${t.instance.frontendApi}`,
      accounts_portal_url: null,
      proxy_url: null,
      development_origin: '',
      cname_targets: null,
    });
    const second = await t.api.ok('AddDomain', { body: { name: 'app.test', is_satellite: true } });
    const { data, total_count } = await t.api.ok('ListDomains');
    expect(total_count).toBe(3);
    expect(data.map((d) => d.id).slice(0, -1)).toEqual([second.id, satellite.id]);
    expect(data.at(-1)!.is_satellite).toBe(false);
  });

  it.each([
    [{ name: 'localhost:3001', is_satellite: true }, 400, 'duplicate_record'],
    [{ name: 'LOCALHOST:3001', is_satellite: true }, 400, 'duplicate_record'],
    [{ name: 'https://site.test', is_satellite: true }, 422, 'form_param_format_invalid'],
    [{ name: 'site.test/path', is_satellite: true }, 422, 'form_param_format_invalid'],
    [{ name: 'host:0', is_satellite: true }, 422, 'form_param_format_invalid'],
    [{ name: 'host:65536', is_satellite: true }, 422, 'form_param_format_invalid'],
    [{ name: '-bad-.test', is_satellite: true }, 422, 'form_param_format_invalid'],
    [{ name: '', is_satellite: true }, 422, 'form_param_format_invalid'],
    [{ name: 'ok.test', is_satellite: false }, 422, undefined],
    [{ name: 'ok.test' }, 422, 'form_param_missing'],
    [
      { name: 'ok.test', is_satellite: true, proxy_url: 'https://ok.test/__clerk' },
      422,
      'form_param_value_invalid',
    ],
  ] as const)('AddDomain %j answers %i and adds nothing', async (body, status, code) => {
    const before = (await t.api.ok('ListDomains')).total_count;
    await t.api.fail('AddDomain', { body: body as never }, status, code);
    expect((await t.api.ok('ListDomains')).total_count).toBe(before);
  });

  it('refuses the primary’s own name as a satellite', async () => {
    await t.api.fail(
      'AddDomain',
      { body: { name: t.instance.frontendApi, is_satellite: true } },
      400,
      'duplicate_record',
    );
  });

  it('updates a satellite’s name; a taken name, a bad name or an unknown ID are refused', async () => {
    const a = await t.api.ok('AddDomain', { body: { name: 'one.test', is_satellite: true } });
    await t.api.ok('AddDomain', { body: { name: 'two.test', is_satellite: true } });
    const renamed = await t.api.ok('UpdateDomain', {
      params: { domain_id: a.id },
      body: { name: 'uno.test', is_secondary: true },
    });
    expect(renamed).toMatchObject({ id: a.id, name: 'uno.test', is_satellite: true });
    // Unchanged when null or absent; its own name is not a clash.
    expect(
      await t.api.ok('UpdateDomain', { params: { domain_id: a.id }, body: { name: null } }),
    ).toEqual(renamed);
    expect(
      await t.api.ok('UpdateDomain', { params: { domain_id: a.id }, body: { name: 'uno.test' } }),
    ).toEqual(renamed);
    await t.api.fail(
      'UpdateDomain',
      { params: { domain_id: a.id }, body: { name: 'two.test' } },
      400,
      'duplicate_record',
    );
    await t.api.fail(
      'UpdateDomain',
      { params: { domain_id: a.id }, body: { name: 'a b' } },
      422,
      'form_param_format_invalid',
    );
    await t.api.fail(
      'UpdateDomain',
      { params: { domain_id: a.id }, body: { proxy_url: 'https://uno.test/__clerk' } },
      422,
      'form_param_value_invalid',
    );
    await t.api.fail(
      'UpdateDomain',
      { params: { domain_id: 'dmn_nope' }, body: { name: 'x.test' } },
      404,
      'resource_not_found',
    );
    const listed = (await t.api.ok('ListDomains')).data.find((d) => d.id === a.id);
    expect(listed).toEqual(renamed);
  });

  it('the primary of a development instance keeps its name', async () => {
    const id = `dmn_${t.instanceId.slice(4)}`;
    await t.api.fail(
      'UpdateDomain',
      { params: { domain_id: id }, body: { name: 'mine.test' } },
      400,
      'production_instance_required',
    );
    const updated = await t.api.ok('UpdateDomain', {
      params: { domain_id: id },
      body: { is_secondary: true },
    });
    expect(updated).toMatchObject({ id, name: t.instance.frontendApi, is_satellite: false });
  });

  it('deletes satellites; the primary answers 403 and an unknown ID 404', async () => {
    const doomed = await t.api.ok('AddDomain', {
      body: { name: 'doomed.test', is_satellite: true },
    });
    expect(await t.api.ok('DeleteDomain', { params: { domain_id: doomed.id } })).toEqual({
      object: 'domain',
      id: doomed.id,
      deleted: true,
    });
    expect((await t.api.ok('ListDomains')).data.some((d) => d.id === doomed.id)).toBe(false);
    await t.api.fail(
      'DeleteDomain',
      { params: { domain_id: doomed.id } },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'DeleteDomain',
      { params: { domain_id: `dmn_${t.instanceId.slice(4)}` } },
      403,
      'primary_domain_deletion_not_allowed',
    );
    // The name is free again.
    await t.api.ok('AddDomain', { body: { name: 'doomed.test', is_satellite: true } });
  });

  it('keeps domains apart per instance', async () => {
    const other = await useTestInstance(dialect);
    const mine = (await t.api.ok('ListDomains')).data.filter((d) => d.is_satellite);
    await other.api.fail(
      'DeleteDomain',
      { params: { domain_id: mine[0]!.id } },
      404,
      'resource_not_found',
    );
    await other.api.ok('AddDomain', { body: { name: mine[0]!.name, is_satellite: true } });
    expect((await other.api.ok('ListDomains')).total_count).toBe(2);
  });

  it('holds at most 100 satellites, even when adds race', async () => {
    const fresh = await useTestInstance(dialect);
    for (let i = 0; i < 96; i += 1) {
      await fresh.api.ok('AddDomain', { body: { name: `s${i}.test`, is_satellite: true } });
    }
    const racing = await Promise.all(
      [96, 97, 98, 99, 100, 101].map((i) =>
        fresh.api.call('AddDomain', { body: { name: `s${i}.test`, is_satellite: true } }),
      ),
    );
    expect(racing.filter((r) => r.status === 200)).toHaveLength(4);
    const refused = racing.filter((r) => r.status === 400);
    expect(refused.map((r) => r.body.errors[0].code)).toEqual([
      'domain_limit_reached',
      'domain_limit_reached',
    ]);
    expect((await fresh.api.ok('ListDomains')).total_count).toBe(101);
  });

  it('one of two concurrent adds of a name wins; the other is a duplicate', async () => {
    const fresh = await useTestInstance(dialect);
    const results = await Promise.all(
      [1, 2].map(() =>
        fresh.api.call('AddDomain', { body: { name: 'race.test', is_satellite: true } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect((await fresh.api.ok('ListDomains')).total_count).toBe(2);
  });
});

describe.each(testDialects())('domains of a production instance (%s)', (dialect) => {
  let t: TestInstance;
  let prod: Awaited<ReturnType<typeof useProductionInstance>>;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    prod = await useProductionInstance(t);
  });

  it('the primary is the domain under clerk.<domain>, with the CNAME it needs', async () => {
    const primary = (await prod.api.ok('ListDomains')).data.at(-1);
    expect(primary).toMatchObject({
      name: prod.domain,
      is_satellite: false,
      frontend_api_url: `https://clerk.${prod.domain}`,
      proxy_url: null,
      cname_targets: [{ host: `clerk.${prod.domain}`, value: expect.any(String), required: true }],
    });
  });

  it('satellites need a public domain name; with a proxy they need no CNAME', async () => {
    await prod.api.fail(
      'AddDomain',
      { body: { name: 'localhost:3000', is_satellite: true } },
      422,
      'form_param_format_invalid',
    );
    await prod.api.fail(
      'AddDomain',
      { body: { name: 'intranet', is_satellite: true } },
      422,
      'form_param_format_invalid',
    );
    await prod.api.fail(
      'AddDomain',
      { body: { name: 'co.uk', is_satellite: true } },
      422,
      'form_param_format_invalid',
    );
    await prod.api.fail(
      'AddDomain',
      { body: { name: 'app.notatld', is_satellite: true } },
      422,
      'form_param_format_invalid',
    );
    const international = await prod.api.ok('AddDomain', {
      body: { name: 'Bücher.de', is_satellite: true },
    });
    expect(international.name).toBe('xn--bcher-kva.de');
    const plain = await prod.api.ok('AddDomain', {
      body: { name: 'Satellite.example.org', is_satellite: true },
    });
    expect(plain).toMatchObject({
      name: 'satellite.example.org',
      frontend_api_url: 'https://clerk.satellite.example.org',
      cname_targets: [
        { host: 'clerk.satellite.example.org', value: expect.any(String), required: true },
      ],
    });
    const proxied = await prod.api.ok('AddDomain', {
      body: {
        name: 'proxied.example.net',
        is_satellite: true,
        proxy_url: 'https://proxied.example.net/__clerk/',
      },
    });
    expect(proxied).toMatchObject({
      proxy_url: 'https://proxied.example.net/__clerk',
      frontend_api_url: 'https://proxied.example.net/__clerk',
      cname_targets: null,
    });
    for (const proxy_url of [
      'http://proxied.example.net/__clerk',
      'https://x.example/?a=1',
      'not a url',
      'https://u:p@x.example/',
    ]) {
      await prod.api.fail(
        'UpdateDomain',
        { params: { domain_id: proxied.id }, body: { proxy_url } },
        422,
        'form_param_format_invalid',
      );
    }
    const cleared = await prod.api.ok('UpdateDomain', {
      params: { domain_id: proxied.id },
      body: { proxy_url: null },
    });
    expect(cleared).toMatchObject({
      proxy_url: null,
      frontend_api_url: 'https://clerk.proxied.example.net',
    });
  });

  it('the primary may get a proxy URL, then lose it', async () => {
    const id = (await prod.api.ok('ListDomains')).data.at(-1)!.id;
    const proxied = await prod.api.ok('UpdateDomain', {
      params: { domain_id: id },
      body: { proxy_url: `https://${prod.domain}/__clerk` },
    });
    expect(proxied).toMatchObject({
      proxy_url: `https://${prod.domain}/__clerk`,
      cname_targets: null,
    });
    const back = await prod.api.ok('UpdateDomain', {
      params: { domain_id: id },
      body: { proxy_url: null },
    });
    expect(back).toMatchObject({
      proxy_url: null,
      frontend_api_url: `https://clerk.${prod.domain}`,
    });
  });
});

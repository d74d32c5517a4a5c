import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useProductionInstance } from '../domains/production-instance.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { json, startFakeProxy, type FakeProxy } from './proxy-server.js';

describe.each(testDialects())('POST /v1/proxy_checks (%s)', (dialect) => {
  let t: TestInstance;
  let primaryId: string;
  let healthy: FakeProxy;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    primaryId = (await t.api.ok('ListDomains')).data.at(-1)!.id;
    healthy = await startFakeProxy((_req, res) =>
      json(res, 200, { object: 'proxy_health', ok: true }),
    );
  });
  afterAll(async () => {
    await healthy.close();
  });

  const storedChecks = (domainId: string) =>
    t.database.db
      .selectFrom('proxy_checks')
      .selectAll()
      .where('instance_id', '=', t.instanceId)
      .where('domain_id', '=', domainId)
      .execute();

  it('asks <proxy_url>/v1/proxy-health through a real request and answers a successful check', async () => {
    t.clock.set(Date.UTC(2026, 5, 1));
    const proxyUrl = `${healthy.url}/__clerk`;
    const check = await t.api.ok('VerifyDomainProxy', {
      body: { domain_id: primaryId, proxy_url: proxyUrl },
    });
    expect(check).toEqual({
      object: 'proxy_check',
      id: expect.stringMatching(/^proxy_/),
      domain_id: primaryId,
      last_run_at: Date.UTC(2026, 5, 1),
      proxy_url: proxyUrl,
      successful: true,
      created_at: Date.UTC(2026, 5, 1),
      updated_at: Date.UTC(2026, 5, 1),
    });
    const request = healthy.seen.at(-1)!;
    expect(request.url).toBe(`/__clerk/v1/proxy-health?domain_id=${primaryId}`);
    expect(request.headers['clerk-proxy-url']).toBe(proxyUrl);
    expect(request.headers.authorization).toBeUndefined();

    // A second run of the same pair updates the same check.
    t.clock.advance(60_000);
    const again = await t.api.ok('VerifyDomainProxy', {
      body: { domain_id: primaryId, proxy_url: proxyUrl },
    });
    expect(again).toMatchObject({
      id: check.id,
      last_run_at: Date.UTC(2026, 5, 1) + 60_000,
      created_at: check.created_at,
    });
    expect(await storedChecks(primaryId)).toHaveLength(1);
    t.clock.useRealTime();
  });

  it('checks a satellite by its ID', async () => {
    const satellite = await t.api.ok('AddDomain', {
      body: { name: 'sat.test', is_satellite: true },
    });
    const check = await t.api.ok('VerifyDomainProxy', {
      body: { domain_id: satellite.id, proxy_url: `${healthy.url}/proxy/` },
    });
    expect(check).toMatchObject({
      domain_id: satellite.id,
      proxy_url: `${healthy.url}/proxy`,
      successful: true,
    });
  });

  it.each([
    [
      'an HTML page',
      (res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>my app</html>');
      },
    ],
    [
      'a redirect',
      (res: import('node:http').ServerResponse) => {
        res.writeHead(302, { location: 'http://127.0.0.1:1/' });
        res.end();
      },
    ],
    [
      'an error status',
      (res: import('node:http').ServerResponse) => json(res, 502, { error: 'bad gateway' }),
    ],
    ['a JSON array', (res: import('node:http').ServerResponse) => json(res, 200, [1, 2])],
    [
      'broken JSON',
      (res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"a":');
      },
    ],
  ])(
    'fails with proxy_response_invalid on %s, recording an unsuccessful check',
    async (_name, answer) => {
      const wrong = await startFakeProxy((_req, res) => answer(res));
      try {
        const proxyUrl = `${wrong.url}/__clerk`;
        await t.api.fail(
          'VerifyDomainProxy',
          { body: { domain_id: primaryId, proxy_url: proxyUrl } },
          400,
          'proxy_response_invalid',
        );
        const rows = (await storedChecks(primaryId)).filter((row) => row.proxy_url === proxyUrl);
        expect(rows.map((row) => Boolean(row.successful))).toEqual([false]);
      } finally {
        await wrong.close();
      }
    },
  );

  it('fails with proxy_request_failed when nothing listens or the answer is too big', async () => {
    const closed = await startFakeProxy(() => {});
    await closed.close();
    await t.api.fail(
      'VerifyDomainProxy',
      { body: { domain_id: primaryId, proxy_url: closed.url } },
      400,
      'proxy_request_failed',
    );
    const huge = await startFakeProxy((_req, res) =>
      json(res, 200, { pad: 'x'.repeat(70 * 1024) }),
    );
    try {
      await t.api.fail(
        'VerifyDomainProxy',
        { body: { domain_id: primaryId, proxy_url: huge.url } },
        400,
        'proxy_request_failed',
      );
    } finally {
      await huge.close();
    }
  });

  it.each([
    [{ proxy_url: 'https://example.com/__clerk' }, 422, 'form_param_missing'],
    [{ domain_id: 'x' }, 422, 'form_param_missing'],
    [
      { domain_id: 'dmn_unknown', proxy_url: 'https://example.com/__clerk' },
      422,
      'form_param_value_invalid',
    ],
    [{ domain_id: 'PRIMARY', proxy_url: 'ftp://example.com' }, 422, 'form_param_format_invalid'],
    [
      { domain_id: 'PRIMARY', proxy_url: 'https://example.com/?q=1' },
      422,
      'form_param_format_invalid',
    ],
    [{ domain_id: 'PRIMARY', proxy_url: 'nonsense' }, 422, 'form_param_format_invalid'],
  ] as [{ domain_id?: string; proxy_url?: string }, number, string][])(
    'refuses %j before any request',
    async (body, status, code) => {
      const before = healthy.seen.length;
      const sent = { ...body, ...(body.domain_id === 'PRIMARY' ? { domain_id: primaryId } : {}) };
      await t.api.fail('VerifyDomainProxy', { body: sent }, status, code);
      expect(healthy.seen.length).toBe(before);
    },
  );

  it('a production instance may not reach loopback or private addresses', async () => {
    const prod = await useProductionInstance(t);
    const id = (await prod.api.ok('ListDomains')).data.at(-1)!.id;
    const before = healthy.seen.length;
    for (const proxy_url of [
      `https://127.0.0.1:${healthy.port}/__clerk`,
      `https://localhost:${healthy.port}/__clerk`,
      `https://[::ffff:127.0.0.1]:${healthy.port}/__clerk`,
      `https://[::1]:${healthy.port}/__clerk`,
      'https://10.1.2.3/__clerk',
      'https://169.254.169.254/latest',
      'https://[fd00::1]/__clerk',
    ]) {
      const errors = await prod.api.fail(
        'VerifyDomainProxy',
        { body: { domain_id: id, proxy_url } },
        400,
        'proxy_address_not_allowed',
      );
      expect(errors.errors[0]!.meta).toEqual({ param_name: 'proxy_url' });
    }
    expect(healthy.seen.length).toBe(before);
  });
});

describe.each(testDialects())('proxy check timeout (%s)', (dialect) => {
  let server: TestServer;
  let silent: FakeProxy;
  beforeAll(async () => {
    server = await startTestServer(dialect, { outbound: { timeoutMs: 300 } });
    // Accepts the request and never answers.
    silent = await startFakeProxy(() => {});
  });
  afterAll(async () => {
    await silent.close();
    await server.close();
  });

  it('fails with proxy_request_timeout when the proxy never answers', async () => {
    const id = (await server.api.ok('ListDomains')).data.at(-1)!.id;
    const errors = await server.api.fail(
      'VerifyDomainProxy',
      { body: { domain_id: id, proxy_url: `${silent.url}/__clerk` } },
      400,
      'proxy_request_timeout',
    );
    expect(errors.errors[0]!.long_message).toContain('300 ms');
    expect(silent.seen).toHaveLength(1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { startTestServer, testDialects } from '../helpers/test-server.js';

const LINK = /^(.+)\/castellan\/webhooks\/portal#token=(whpl_[A-Za-z0-9_-]{43})$/;

describe.each(testDialects())('Svix app operations and portal links (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  const tokenOf = (url: string) => LINK.exec(url)![2]!;
  const exchange = (token: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/castellan/webhooks/portal/session',
      payload: { token },
    });
  const svix = (token: string, path: string) =>
    t.app.inject({
      method: 'GET',
      url: `/svix/api/v1${path}`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('without an app: GenerateSvixAuthURL and DeleteSvixApp answer 400 svix_app_missing', async () => {
    const generate = await api.fail('GenerateSvixAuthURL', {}, 400, 'svix_app_missing');
    expect(generate.errors[0]!.long_message).toContain('POST /v1/webhooks/svix');
    await api.fail('DeleteSvixApp', {}, 400, 'svix_app_missing');
  });

  it('CreateSvixApp makes the app once and answers a fresh one-time link each time', async () => {
    const first = await api.ok('CreateSvixApp');
    expect(first.svix_url).toMatch(LINK);
    const second = await api.ok('CreateSvixApp');
    expect(second.svix_url).toMatch(LINK);
    expect(tokenOf(second.svix_url)).not.toBe(tokenOf(first.svix_url));
    const a = (await exchange(tokenOf(first.svix_url))).json();
    const b = (await exchange(tokenOf(second.svix_url))).json();
    expect(a.app_id).toMatch(/^app_/);
    expect(b.app_id).toBe(a.app_id);
    const apps = await t.database.db
      .selectFrom('webhook_apps')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .execute();
    expect(apps.map((x) => x.id)).toEqual([a.app_id]);
  });

  it('a link opens one session, once; its hash is stored, never the token', async () => {
    const { svix_url } = await api.ok('GenerateSvixAuthURL');
    const token = tokenOf(svix_url);
    const opened = await exchange(token);
    expect(opened.statusCode).toBe(200);
    const session = opened.json();
    expect(session).toMatchObject({ object: 'webhook_portal_session' });
    expect(session.token).toMatch(/^whps_/);
    expect(session.expires_at - Date.now()).toBeGreaterThan(11 * 3600_000);
    expect((await svix(session.token, `/app/${session.app_id}`)).json().id).toBe(session.app_id);

    const again = await exchange(token);
    expect([again.statusCode, again.json().errors[0].code]).toEqual([401, 'portal_link_used']);
    const stored = await t.database.db
      .selectFrom('webhook_portal_tokens')
      .select(['token_hash', 'kind'])
      .where('instance_id', '=', t.instanceId)
      .execute();
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(token.slice(5));
  });

  it('a link opened twice at once opens one session', async () => {
    const token = tokenOf((await api.ok('GenerateSvixAuthURL')).svix_url);
    const answers = await Promise.all([exchange(token), exchange(token)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
  });

  it('refuses an unknown, malformed or session token as a link', async () => {
    const { svix_url } = await api.ok('GenerateSvixAuthURL');
    const session = (await exchange(tokenOf(svix_url))).json();
    for (const token of [`whpl_${'A'.repeat(43)}`, 'nonsense', session.token]) {
      const answer = await exchange(token);
      expect([answer.statusCode, answer.json().errors[0].code]).toEqual([
        401,
        'portal_link_invalid',
      ]);
    }
    const missing = await exchange(undefined);
    expect(missing.statusCode).toBe(422);
  });

  it('a link expires after 15 minutes, a session after 12 hours', async () => {
    t.clock.set(Date.now());
    try {
      const late = tokenOf((await api.ok('GenerateSvixAuthURL')).svix_url);
      const inTime = tokenOf((await api.ok('GenerateSvixAuthURL')).svix_url);
      t.clock.advance(15 * 60_000 - 1);
      const session = (await exchange(inTime)).json();
      t.clock.advance(1);
      const expired = await exchange(late);
      expect([expired.statusCode, expired.json().errors[0].code]).toEqual([
        401,
        'portal_link_expired',
      ]);
      t.clock.advance(12 * 3600_000 - 15 * 60_000 - 1);
      expect((await svix(session.token, `/app/${session.app_id}`)).statusCode).toBe(200);
      t.clock.advance(15 * 60_000 + 1);
      const ended = await svix(session.token, `/app/${session.app_id}`);
      expect([ended.statusCode, ended.json().code]).toEqual([401, 'authentication_failed']);
    } finally {
      t.clock.useRealTime();
    }
  });

  it('DeleteSvixApp removes the app with its endpoints and portal sessions', async () => {
    const { svix_url } = await api.ok('GenerateSvixAuthURL');
    const session = (await exchange(tokenOf(svix_url))).json();
    const created = await t.app.inject({
      method: 'POST',
      url: `/svix/api/v1/app/${session.app_id}/endpoint`,
      headers: t.auth,
      payload: { url: 'https://example.com/hook' },
    });
    expect(created.statusCode).toBe(201);
    expect(await api.call('DeleteSvixApp')).toMatchObject({ status: 204, body: undefined });
    expect((await svix(session.token, `/app/${session.app_id}`)).statusCode).toBe(401);
    const endpoints = await t.database.db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .execute();
    expect(endpoints).toEqual([]);
    await api.fail('GenerateSvixAuthURL', {}, 400, 'svix_app_missing');
    await api.fail('DeleteSvixApp', {}, 400, 'svix_app_missing');
    expect((await api.ok('CreateSvixApp')).svix_url).toMatch(LINK);
  });

  it('the operations need the secret key', async () => {
    await api.fail('CreateSvixApp', { secretKey: null }, 401, 'authorization_header_missing');
    await api.fail('GenerateSvixAuthURL', { secretKey: 'sk_test_nope' }, 401);
  });

  it('serves the portal page with a strict CSP, its script and style', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/castellan/webhooks/portal' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<script src="portal/portal.js"');
    const script = await t.app.inject({
      method: 'GET',
      url: '/castellan/webhooks/portal/portal.js',
    });
    expect([script.statusCode, script.headers['content-type']]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    expect(() => new Function(script.body)).not.toThrow();
    const css = await t.app.inject({ method: 'GET', url: '/castellan/webhooks/portal/portal.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const slash = await t.app.inject({ method: 'GET', url: '/castellan/webhooks/portal/' });
    expect([slash.statusCode, slash.headers.location]).toEqual([302, '/castellan/webhooks/portal']);
  });

  it('links through the public URL, path included', async () => {
    const server = await startTestServer(dialect, { publicUrl: 'https://auth.example.com/base/' });
    try {
      const { svix_url } = await server.api.ok('CreateSvixApp');
      expect(svix_url).toMatch(
        /^https:\/\/auth\.example\.com\/base\/castellan\/webhooks\/portal#token=whpl_/,
      );
    } finally {
      await server.close();
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { saveInstanceSettings } from '../../src/instances/instance-settings.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

type Query = Record<string, string>;

/** The config literal the page hands clerk-js (the one place caller values reach). */
function configOf(html: string): Record<string, unknown> {
  const literal = /var config = (\{.*\});/.exec(html)?.[1];
  expect(literal).toBeDefined();
  return JSON.parse(literal!) as Record<string, unknown>;
}

describe.each(testDialects())('GET /v1/public/interstitial (%s)', (dialect) => {
  let t: TestInstance;
  const get = (query: Query) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/public/interstitial?${new URLSearchParams(query).toString()}`,
    });

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('serves the page that loads clerk-js for the publishable key, with no secret key', async () => {
    const res = await get({ publishable_key: t.instance.publishableKey });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/^<!DOCTYPE html>/);
    expect(res.body).toContain(
      "script.setAttribute('data-clerk-publishable-key', config.publishableKey)",
    );
    expect(res.body).toContain("script.addEventListener('load', startClerk)");
    expect(res.body).toContain('window.location.reload()');
    expect(configOf(res.body)).toEqual({
      publishableKey: t.instance.publishableKey,
      frontendApi: t.instance.frontendApi,
      scriptUrl: 'https://cdn.jsdelivr.net/npm/@clerk/clerk-js@6/dist/clerk.browser.js',
      proxyUrl: null,
      domain: null,
      signInUrl: null,
    });
  });

  it('finds the instance by its frontend API host too (frontend_api, or the deprecated frontendApi)', async () => {
    for (const name of ['frontend_api', 'frontendApi']) {
      const res = await get({ [name]: t.instance.frontendApi });
      expect(res.statusCode).toBe(200);
      expect(configOf(res.body).publishableKey).toBe(t.instance.publishableKey);
    }
  });

  it('loads clerk-js through the proxy, or the satellite domain when asked, at the instance’s version', async () => {
    await saveInstanceSettings(
      t.database.db,
      t.instanceId,
      { instance: { clerk_js_version: '5.2.1' } },
      Date.now(),
    );
    const proxied = configOf(
      (
        await get({
          publishable_key: t.instance.publishableKey,
          proxy_url: 'https://app.example.com/__clerk/',
          sign_in_url: '/sign-in',
        })
      ).body,
    );
    expect(proxied).toMatchObject({
      scriptUrl: 'https://app.example.com/__clerk/npm/@clerk/clerk-js@5.2.1/dist/clerk.browser.js',
      proxyUrl: 'https://app.example.com/__clerk/',
      signInUrl: '/sign-in',
    });
    const satellite = configOf(
      (
        await get({
          publishable_key: t.instance.publishableKey,
          domain: 'satellite.example.org',
          use_domain_for_script: 'true',
        })
      ).body,
    );
    expect(satellite).toMatchObject({
      domain: 'satellite.example.org',
      scriptUrl:
        'https://clerk.satellite.example.org/npm/@clerk/clerk-js@5.2.1/dist/clerk.browser.js',
    });
    // A stored version that is not a version name is not put into a URL.
    await saveInstanceSettings(
      t.database.db,
      t.instanceId,
      { instance: { clerk_js_version: '"><x' } },
      Date.now(),
    );
    expect(
      configOf((await get({ publishable_key: t.instance.publishableKey })).body).scriptUrl,
    ).toContain('@clerk/clerk-js@6/');
    await saveInstanceSettings(t.database.db, t.instanceId, {}, Date.now());
  });

  it('keeps hostile values inside the script’s JSON', async () => {
    const hostile = '/</script><script>alert(1)</script><!--&amp;';
    const res = await get({
      publishable_key: t.instance.publishableKey,
      sign_in_url: hostile,
      proxy_url: 'https://x.example.com/"\'><img src=x onerror=alert(1)>',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img');
    expect(res.body).not.toContain('<!--');
    expect(res.body.match(/<\/script>/g)).toHaveLength(1);
    const config = configOf(res.body);
    expect(config.signInUrl).toBe(hostile);
    expect(config.proxyUrl).toBe(
      "https://x.example.com/%22'%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
    );
  });

  it('answers 400 without a key, with a malformed or unknown one, or bad URLs', async () => {
    const fail = (query: Query, param: string | undefined) =>
      t.api
        .fail('GetPublicInterstitial', { query, secretKey: null }, 400, 'bad_request')
        .then((body) =>
          expect(body.errors[0]!.meta?.param_name, JSON.stringify(query)).toBe(param),
        );
    const unknownKey = `pk_test_${Buffer.from('nowhere.example.com$').toString('base64')}`;
    await fail({}, 'publishable_key');
    await fail({ sign_in_url: '/x' }, 'publishable_key');
    await fail({ publishable_key: 'sk_test_abc' }, 'publishable_key');
    await fail({ publishable_key: 'pk_test_!!!' }, 'publishable_key');
    await fail(
      { publishable_key: `pk_test_${Buffer.from('no-dollar.example.com').toString('base64')}` },
      'publishable_key',
    );
    await fail(
      { publishable_key: `pk_test_${Buffer.from('<b>$').toString('base64')}` },
      'publishable_key',
    );
    await fail({ publishable_key: unknownKey }, 'publishable_key');
    await fail({ frontend_api: 'nowhere.example.com' }, 'frontend_api');
    await fail(
      { publishable_key: t.instance.publishableKey, frontend_api: 'other.example.com' },
      'frontend_api',
    );
    const key = t.instance.publishableKey;
    await fail({ publishable_key: key, proxy_url: 'javascript:alert(1)' }, 'proxy_url');
    await fail({ publishable_key: key, proxy_url: '//evil.example.com' }, 'proxy_url');
    await fail({ publishable_key: key, sign_in_url: 'data:text/html,x' }, 'sign_in_url');
    await fail({ publishable_key: key, sign_in_url: 'https://u:p@example.com/' }, 'sign_in_url');
    await fail({ publishable_key: key, domain: 'exa mple.com/<x>' }, 'domain');
    await fail({ publishable_key: key, sign_in_url: '/line\u2028break' }, 'sign_in_url');
  });

  // A backtracking pattern took seconds for 27 characters; these would never finish (the
  // test's timeout fails it).
  it('checks host names in linear time (no regular expression backtracking)', async () => {
    const long = `${'a'.repeat(4000)}!`;
    await t.api.fail(
      'GetPublicInterstitial',
      { query: { publishable_key: t.instance.publishableKey, domain: long }, secretKey: null },
      400,
      'bad_request',
    );
    const key = `pk_test_${Buffer.from(`${'b'.repeat(3000)}!$`).toString('base64')}`;
    await t.api.fail(
      'GetPublicInterstitial',
      { query: { publishable_key: key }, secretKey: null },
      400,
      'bad_request',
    );
  });

  it('names the instance by key only: a secret key changes nothing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/public/interstitial?publishable_key=${encodeURIComponent(t.instance.publishableKey)}`,
      headers: { authorization: 'Bearer sk_test_wrong' },
    });
    expect(res.statusCode).toBe(200);
  });
});

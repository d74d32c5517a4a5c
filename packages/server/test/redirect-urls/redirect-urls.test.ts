import { beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from '../../src/instances/instance-service.js';
import { isAllowedRedirectUrl } from '../../src/redirect-urls/redirect-url-service.js';
import { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('redirect URLs (%s)', (dialect) => {
  let t: TestInstance;
  const allowed = (url: string, instanceId = t.instanceId) =>
    isAllowedRedirectUrl(t.database.db, instanceId, url);
  const storedCount = async (instanceId = t.instanceId) =>
    (
      await t.database.db
        .selectFrom('redirect_urls')
        .select('id')
        .where('instance_id', '=', instanceId)
        .execute()
    ).length;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('creates, reads and deletes an https URL and a native app’s custom scheme', async () => {
    for (const url of ['https://my-app.com/oauth-callback', 'my-app://oauth-callback']) {
      const created = await t.api.ok('CreateRedirectURL', { body: { url } });
      expect(created).toMatchObject({ object: 'redirect_url', url });
      expect(created.id).toMatch(/^ru_[0-9A-Za-z]{27}$/);
      expect(created.created_at).toBe(created.updated_at);
      expect(await t.api.ok('GetRedirectURL', { params: { id: created.id } })).toEqual(created);
      expect(await allowed(url)).toBe(true);
      expect(await t.api.ok('DeleteRedirectURL', { params: { id: created.id } })).toEqual({
        object: 'redirect_url',
        id: created.id,
        deleted: true,
      });
      await t.api.fail('GetRedirectURL', { params: { id: created.id } }, 404, 'resource_not_found');
      await t.api.fail(
        'DeleteRedirectURL',
        { params: { id: created.id } },
        404,
        'resource_not_found',
      );
      expect(await allowed(url)).toBe(false);
    }
  });

  it('refuses a URL already on the list, whatever the case of its scheme and host', async () => {
    await t.api.ok('CreateRedirectURL', { body: { url: 'https://dup.example.com/cb' } });
    const before = await storedCount();
    const body = await t.api.fail(
      'CreateRedirectURL',
      { body: { url: 'HTTPS://DUP.example.COM/cb?from=again' } },
      400,
      'duplicate_record',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'url' });
    expect(await storedCount()).toBe(before);
    // The path is case-sensitive: another path is another URL.
    await t.api.ok('CreateRedirectURL', { body: { url: 'https://dup.example.com/CB' } });
  });

  it('refuses what is not a redirect URL, storing nothing', async () => {
    const before = await storedCount();
    for (const url of [
      '',
      'example.com/callback',
      '/relative/path',
      'https://',
      ' https://example.com/cb',
      'https://exa mple.com/cb',
      'https://example.com/cb\n',
      'javascript://%0Aalert(1)',
      'data://text/html,hi',
      'file:///etc/passwd',
      'mailto:someone@example.com',
      'https://user:pass@example.com/cb',
      'my-app:///no-host',
      'https://[not-an-ip]/cb',
    ]) {
      await t.api.fail('CreateRedirectURL', { body: { url } }, 422, 'form_param_format_invalid');
    }
    await t.api.fail('CreateRedirectURL', { body: {} }, 422, 'form_param_missing');
    await t.api.fail(
      'CreateRedirectURL',
      { rawBody: { url: 7 } },
      422,
      'form_param_format_invalid',
    );
    expect(await storedCount()).toBe(before);
  });

  it('allows http:// in development instances only', async () => {
    await t.api.ok('CreateRedirectURL', { body: { url: 'http://localhost:3000/sso-callback' } });
    const live = await createInstance(t.database.db, {
      name: `live-${dialect}-${Date.now()}`,
      frontendApi: `live-${Date.now()}.example.com`,
      environment: 'production',
      secrets: t.app.castellan.secrets,
    });
    const api = new Api(t.app, live.secretKey);
    const body = await api.fail(
      'CreateRedirectURL',
      { body: { url: 'http://localhost:3000/sso-callback' } },
      422,
      'form_param_format_invalid',
    );
    expect(body.errors[0]!.long_message).toContain('https://');
    await api.ok('CreateRedirectURL', { body: { url: 'https://app.example.com/sso-callback' } });
    expect(await storedCount(live.instance.id)).toBe(1);
  });

  it('lists newest first, as an array or paginated with the total', async () => {
    const own = await useTestInstance(dialect);
    const start = Date.UTC(2026, 5, 1);
    const urls: string[] = [];
    for (let i = 0; i < 5; i++) {
      own.clock.set(start + i * 1000);
      urls.push(
        (await own.api.ok('CreateRedirectURL', { body: { url: `https://a.example.com/${i}` } }))
          .url,
      );
    }
    own.clock.useRealTime();
    const all = await own.api.ok('ListRedirectURLs');
    expect(all.map((r) => r.url)).toEqual([...urls].reverse());
    const page = await own.api.ok('ListRedirectURLs', {
      query: { paginated: true, limit: 2, offset: 1 },
    });
    expect(page).toEqual({ data: all.slice(1, 3), total_count: 5 });
    await own.api.fail('ListRedirectURLs', { query: { limit: 0 } }, 422);
    await own.api.fail('ListRedirectURLs', { query: { limit: 501 } }, 422);
    await own.api.fail('ListRedirectURLs', { query: { offset: -1 } }, 422);
  });

  it('isAllowedRedirectUrl matches scheme, host and path; query and fragment are the app’s', async () => {
    await t.api.ok('CreateRedirectURL', { body: { url: 'https://allowed.example.com/done' } });
    expect(await allowed('https://ALLOWED.example.com/done?code=1#state')).toBe(true);
    expect(await allowed('https://allowed.example.com/done/')).toBe(false);
    expect(await allowed('https://allowed.example.com:8443/done')).toBe(false);
    expect(await allowed('http://allowed.example.com/done')).toBe(false);
    expect(await allowed('https://evil.example.com/done')).toBe(false);
    expect(await allowed('https://allowed.example.com@evil.example.com/done')).toBe(false);
    expect(await allowed('not a url')).toBe(false);
    const other = await useTestInstance(dialect);
    expect(await allowed('https://allowed.example.com/done', other.instanceId)).toBe(false);
    await other.api.fail(
      'GetRedirectURL',
      { params: { id: (await t.api.ok('ListRedirectURLs'))[0]!.id } },
      404,
    );
  });
});

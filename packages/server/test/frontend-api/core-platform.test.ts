import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/test-server.js';
import { FapiBrowser, useFapiInstance, type FapiTestInstance } from './core-fapi.js';

/**
 * The FAPI platform at `/__clerk`: instance selection, the dev browser, CORS, `_method`,
 * form bodies, the envelope and the error body.
 */
describe.each(testDialects())('Frontend API platform (%s)', (dialect) => {
  let dev: FapiTestInstance;
  let prod: FapiTestInstance;

  beforeAll(async () => {
    dev = await useFapiInstance(dialect, 'development');
    prod = await useFapiInstance(dialect, 'production');
  });

  describe('POST /v1/dev_browser', () => {
    it('makes a token that names a new client', async () => {
      const browser = new FapiBrowser(dev.app, dev.instanceId);
      const token = await browser.setUpDevBrowser();
      expect(token).toMatch(new RegExp(`^dvb_${dev.instanceId}_[0-9a-f]{64}$`));
      const res = await browser.call('GET', '/v1/client');
      expect(res.status).toBe(200);
      expect(res.body.client).toBeNull();
      expect(res.body.response).toMatchObject({
        object: 'client',
        sessions: [],
        sign_in: null,
        sign_up: null,
        last_active_session_id: null,
      });
      expect(res.body.response.id).toMatch(/^client_/);
      expect(typeof res.body.response.created_at).toBe('number');
      // The Backend API sees the browser's client.
      const client = await dev.api.ok('GetClient', { params: { client_id: res.body.response.id } });
      expect(client.id).toBe(res.body.response.id);
    });

    it('is refused on a production instance (404)', async () => {
      const res = await new FapiBrowser(prod.app, prod.instanceId, null).call(
        'POST',
        '/v1/dev_browser',
      );
      expect(res.status).toBe(404);
      expect(res.body.errors[0].code).toBe('resource_not_found');
    });
  });

  describe('development instances without a valid dev browser', () => {
    it('answer 401 dev_browser_unauthenticated without a token', async () => {
      const res = await new FapiBrowser(dev.app, dev.instanceId).call('GET', '/v1/client');
      expect(res.status).toBe(401);
      expect(res.body.errors[0]).toMatchObject({
        code: 'dev_browser_unauthenticated',
        message: expect.any(String),
        long_message: expect.any(String),
      });
    });

    it('answer 401 for a token that names no client', async () => {
      const browser = new FapiBrowser(dev.app, dev.instanceId);
      browser.devToken = `dvb_${dev.instanceId}_${'0'.repeat(64)}`;
      const res = await browser.call('GET', '/v1/client');
      expect(res.status).toBe(401);
      expect(res.body.errors[0].code).toBe('dev_browser_unauthenticated');
    });

    it("answer 401 for another instance's token (it is looked up in this instance only)", async () => {
      const other = await useFapiInstance(dialect, 'development');
      const theirs = new FapiBrowser(other.app, other.instanceId);
      await theirs.setUpDevBrowser();
      const browser = new FapiBrowser(dev.app, dev.instanceId);
      browser.devToken = theirs.devToken;
      const res = await browser.call('GET', '/v1/client');
      expect(res.status).toBe(401);
      expect(res.body.errors[0].code).toBe('dev_browser_unauthenticated');
    });
  });

  describe('instance selection', () => {
    it('takes the instance from the dev-browser token under the bare prefix', async () => {
      const pinned = new FapiBrowser(dev.app, dev.instanceId);
      await pinned.setUpDevBrowser();
      const bare = new FapiBrowser(dev.app, dev.instanceId, 'http://localhost:3000', '/__clerk');
      bare.devToken = pinned.devToken;
      const res = await bare.call('GET', '/v1/client');
      expect(res.status).toBe(200);
      const again = await pinned.call('GET', '/v1/client');
      expect(res.body.response.id).toBe(again.body.response.id);
    });

    it('takes the instance from Clerk-Secret-Key (an app proxy)', async () => {
      const browser = new FapiBrowser(prod.app, prod.instanceId, null, '/__clerk');
      const res = await browser.call('PUT', '/v1/client', {
        headers: { 'clerk-secret-key': prod.secretKey },
      });
      expect(res.status).toBe(200);
      const client = await prod.api.ok('GetClient', {
        params: { client_id: res.body.response.id },
      });
      expect(client.id).toBe(res.body.response.id);
    });

    it('refuses an unknown secret key (401) and a key of another instance than the path (404)', async () => {
      const browser = new FapiBrowser(prod.app, prod.instanceId, null);
      const bad = await browser.call('GET', '/v1/client', {
        headers: { 'clerk-secret-key': 'sk_test_' + 'x'.repeat(40) },
      });
      expect(bad.status).toBe(401);
      expect(bad.body.errors[0].code).toBe('authentication_invalid');
      const mismatch = await browser.call('GET', '/v1/client', {
        headers: { 'clerk-secret-key': dev.secretKey },
      });
      expect(mismatch.status).toBe(404);
      expect(mismatch.body.errors[0].code).toBe('resource_not_found');
    });

    it('answers 404 for an unknown instance in the path, and when no instance can be told', async () => {
      const unknown = new FapiBrowser(dev.app, 'ins_unknown');
      const res = await unknown.call('POST', '/v1/dev_browser');
      expect(res.status).toBe(404);
      expect(res.body.errors[0].code).toBe('resource_not_found');
      // The worker's server holds many instances: a first request must name one.
      const anonymous = new FapiBrowser(dev.app, dev.instanceId, null, '/__clerk');
      const first = await anonymous.call('POST', '/v1/dev_browser');
      expect(first.status).toBe(404);
      expect(first.body.errors[0].long_message).toContain('/__clerk/<instance id>');
    });
  });

  describe('CORS', () => {
    it('echoes an allowed origin with credentials and exposes Clerk-Db-Jwt', async () => {
      const browser = new FapiBrowser(dev.app, dev.instanceId, 'http://127.0.0.1:4456');
      await browser.setUpDevBrowser();
      const res = await browser.call('GET', '/v1/client');
      expect(res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:4456');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-expose-headers']).toBe('Clerk-Db-Jwt');
    });

    it('adds the headers to error answers too', async () => {
      const res = await new FapiBrowser(dev.app, dev.instanceId).call('GET', '/v1/client');
      expect(res.status).toBe(401);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    });

    it('refuses an origin the instance does not allow (403), changing nothing', async () => {
      const evil = new FapiBrowser(dev.app, dev.instanceId, 'https://evil.example');
      const res = await evil.call('POST', '/v1/dev_browser');
      expect(res.status).toBe(403);
      expect(res.body.errors[0].code).toBe('origin_invalid');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      // Loopback is for development instances only.
      const local = await new FapiBrowser(prod.app, prod.instanceId).call('PUT', '/v1/client');
      expect(local.status).toBe(403);
    });

    it("admits a production instance's allowed_origins and redirect URL origins", async () => {
      await prod.api.ok('UpdateInstance', { body: { allowed_origins: ['https://app.example'] } });
      const app = await new FapiBrowser(prod.app, prod.instanceId, 'https://app.example').call(
        'PUT',
        '/v1/client',
      );
      expect(app.status).toBe(200);
      await prod.api.ok('CreateRedirectURL', { body: { url: 'https://shop.example/callback' } });
      const shop = await new FapiBrowser(prod.app, prod.instanceId, 'https://shop.example').call(
        'PUT',
        '/v1/client',
      );
      expect(shop.status).toBe(200);
    });

    it('answers a preflight', async () => {
      const res = await dev.app.inject({
        method: 'OPTIONS',
        url: `/__clerk/${dev.instanceId}/v1/client`,
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']).toBe('content-type');
    });
  });

  describe('transport', () => {
    it('serves PUT and DELETE as POST with _method, and as themselves', async () => {
      const browser = new FapiBrowser(dev.app, dev.instanceId);
      await browser.setUpDevBrowser();
      const viaPost = await browser.call('DELETE', '/v1/client');
      expect(viaPost.status).toBe(200);
      expect(viaPost.body.response.object).toBe('client');
      expect(viaPost.body.client.id).toBe(viaPost.body.response.id);
      const direct = await dev.app.inject({
        method: 'PUT',
        url: `/__clerk/${dev.instanceId}/v1/client?__clerk_db_jwt=${browser.devToken}`,
      });
      expect(direct.statusCode).toBe(200);
      expect(direct.json().response.id).toBe(viaPost.body.response.id);
    });

    it('answers an unknown _method or path 404 in the envelope', async () => {
      const browser = new FapiBrowser(dev.app, dev.instanceId);
      await browser.setUpDevBrowser();
      const method = await browser.call('PATCH', '/v1/client');
      expect(method.status).toBe(404);
      expect(method.body.errors[0].code).toBe('resource_not_found');
      const path = await browser.call('GET', '/v1/nothing_here');
      expect(path.status).toBe(404);
      expect(path.body.errors[0].code).toBe('resource_not_found');
    });

    it('answers an unknown route under the bare prefix 404 route-not-found, with CORS', async () => {
      const browser = new FapiBrowser(dev.app, dev.instanceId, 'http://localhost:3000', '/__clerk');
      const res = await browser.call('GET', '/v1/not_served', {
        headers: { 'clerk-secret-key': dev.secretKey },
      });
      expect(res.status).toBe(404);
      expect(res.body.errors[0].long_message).toContain(
        'No route matches GET /__clerk/v1/not_served',
      );
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    });

    it('accepts JSON bodies and refuses malformed ones (400)', async () => {
      const browser = new FapiBrowser(dev.app, dev.instanceId);
      await browser.setUpDevBrowser();
      const res = await dev.app.inject({
        method: 'POST',
        url: `/__clerk/${dev.instanceId}/v1/client?_method=PUT&__clerk_db_jwt=${browser.devToken}`,
        headers: { 'content-type': 'application/json' },
        payload: '{"unfinished": ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].code).toBe('malformed_request_body');
      const array = await dev.app.inject({
        method: 'POST',
        url: `/__clerk/${dev.instanceId}/v1/client?_method=PUT&__clerk_db_jwt=${browser.devToken}`,
        headers: { 'content-type': 'application/json' },
        payload: '[]',
      });
      expect(array.statusCode).toBe(400);
      expect(array.json().errors[0].long_message).toBe(
        'The request body must be a JSON object or a form.',
      );
    });

    it('leaves the Backend API as it was (no secret key: 401)', async () => {
      const res = await dev.app.inject({ method: 'GET', url: '/v1/clients' });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('production clients (the __client cookie)', () => {
    it('has no client until a write makes one, then keeps it by the HttpOnly cookie', async () => {
      await prod.api.ok('UpdateInstance', { body: { allowed_origins: ['https://app.example'] } });
      const browser = new FapiBrowser(prod.app, prod.instanceId, 'https://app.example');
      const before = await browser.call('GET', '/v1/client');
      expect(before.status).toBe(200);
      expect(before.body.response).toBeNull();
      const made = await browser.call('PUT', '/v1/client');
      const cookie = made.setCookies.find((c) => c.startsWith('__client='));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/); // plain http
      // Under /__clerk/<instance id>, the cookie is that instance's alone.
      expect(cookie).toContain(`; Path=/__clerk/${prod.instanceId};`);
      expect(made.setCookies.some((c) => c.startsWith('__client_uat=0;'))).toBe(true);
      const after = await browser.call('GET', '/v1/client');
      expect(after.body.response.id).toBe(made.body.response.id);
    });

    it('sets Secure behind an https proxy', async () => {
      const browser = new FapiBrowser(prod.app, prod.instanceId, null);
      const res = await browser.call('PUT', '/v1/client', {
        headers: { 'clerk-proxy-url': 'https://app.example/__clerk' },
      });
      expect(res.setCookies.find((c) => c.startsWith('__client='))).toMatch(/; Secure/);
      // The app's own /__clerk proxy (the bare prefix): the cookie is the app's, on /.
      const proxied = await new FapiBrowser(prod.app, prod.instanceId, null, '/__clerk').call(
        'PUT',
        '/v1/client',
        { headers: { 'clerk-secret-key': prod.secretKey } },
      );
      expect(proxied.setCookies.find((c) => c.startsWith('__client='))).toContain('; Path=/;');
    });

    it('treats a forged or foreign __client cookie as a new browser', async () => {
      const browser = new FapiBrowser(prod.app, prod.instanceId, null);
      browser.cookies.set('__client', 'not-a-jwt');
      const res = await browser.call('GET', '/v1/client');
      expect(res.status).toBe(200);
      expect(res.body.response).toBeNull();
    });
  });
});

import { createPublicKey } from 'node:crypto';
import { createClerkClient } from '@clerk/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers/users.js';
import { testDialects } from '../helpers/test-server.js';
import { FapiBrowser, useFapiInstance, type FapiTestInstance } from './core-fapi.js';

const APP = 'http://localhost:3000';
const PASSWORD = 'correct-horse-battery-staple';

/** `@clerk/backend`'s view of a document request to the app, as its middleware asks it. */
async function authenticate(t: FapiTestInstance, url: string, cookies: Map<string, string>) {
  const jwks = await t.api.ok('GetJWKS');
  const jwtKey = createPublicKey({ key: jwks.keys![0] as any, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const clerk = createClerkClient({
    secretKey: t.secretKey,
    publishableKey: t.publishableKey,
    jwtKey,
    telemetry: { disabled: true },
  });
  const request = new Request(url, {
    headers: {
      accept: 'text/html',
      'sec-fetch-dest': 'document',
      cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  return clerk.authenticateRequest(request, {
    jwtKey,
    proxyUrl: `http://127.0.0.1:3210/__clerk/${t.instanceId}`,
  });
}

/** Applies `Set-Cookie` directives (as the app's response would) to a cookie jar. */
function applyCookies(jar: Map<string, string>, directives: string[]) {
  for (const line of directives) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    const name = pair!.slice(0, at);
    const value = pair!.slice(at + 1);
    if (/max-age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

/** Follows the backend's redirect to the handshake through the FAPI (a browser's GET). */
async function followHandshake(t: FapiTestInstance, location: string, fapiCookies = '') {
  const url = new URL(location);
  expect(url.pathname).toBe(`/__clerk/${t.instanceId}/v1/client/handshake`);
  return t.app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: fapiCookies ? { cookie: fapiCookies } : {},
  });
}

async function signIn(t: FapiTestInstance, browser: FapiBrowser) {
  const user = await createTestUser(t.api, { password: PASSWORD });
  const res = await browser.call('POST', '/v1/client/sign_ins', {
    form: { identifier: user.email_addresses[0]!.email_address, password: PASSWORD },
  });
  expect(res.body.response.status).toBe('complete');
  return { user, client: res.body.client };
}

/**
 * `GET /v1/client/handshake`, checked with `@clerk/backend`'s own `authenticateRequest`:
 * a document request that its cookies cannot settle goes through the FAPI and comes back
 * signed in (or out), in development (token in the URL) and production (token cookie).
 */
describe.each(testDialects())('Frontend API handshake (%s)', (dialect) => {
  describe('development', () => {
    let t: FapiTestInstance;

    beforeAll(async () => {
      t = await useFapiInstance(dialect, 'development', {});
    });

    it('resolves a signed-in browser without a __session cookie', async () => {
      const browser = new FapiBrowser(t.app, t.instanceId, APP);
      const devToken = await browser.setUpDevBrowser();
      const { user, client } = await signIn(t, browser);
      // The app's cookies: the dev browser and client_uat, but the __session is missing.
      const jar = new Map([
        ['__clerk_db_jwt', devToken],
        ['__client_uat', String(Math.floor(client.updated_at / 1000))],
      ]);
      const first = await authenticate(t, `${APP}/dashboard`, jar);
      expect(first.status).toBe('handshake');
      const location = first.headers.get('location')!;
      expect(location).toContain('__clerk_db_jwt=');
      const fapi = await followHandshake(t, location);
      expect(fapi.statusCode).toBe(307);
      const back = new URL(fapi.headers.location as string);
      expect(back.origin + back.pathname).toBe(`${APP}/dashboard`);
      expect(back.searchParams.get('__clerk_handshake')).toBeTruthy();
      const resolved = await authenticate(t, back.toString(), jar);
      expect(resolved.status).toBe('signed-in');
      expect(resolved.toAuth()).toMatchObject({ userId: user.id });
      applyCookies(jar, resolved.headers.getSetCookie());
      expect(jar.get('__session')).toBeTruthy();
      expect(jar.get('__clerk_db_jwt')).toBe(devToken);
      // With the cookies the handshake set, the next request is settled at once.
      const settled = await authenticate(t, `${APP}/dashboard`, jar);
      expect(settled.status).toBe('signed-in');
      // The __refresh cookie refreshes the session through the Backend API (what
      // authenticateRequest does for an expired token on a GET).
      const refreshed = await t.api.ok('RefreshSession', {
        params: { session_id: resolved.toAuth()!.sessionId! },
        body: {
          expired_token: jar.get('__session')!,
          refresh_token: jar.get('__refresh')!,
          request_origin: APP,
        },
      });
      expect(refreshed).toMatchObject({ object: 'token', jwt: expect.any(String) });
    });

    it('sets up a dev browser for a first visit (dev-browser-missing) and says signed out', async () => {
      const jar = new Map<string, string>();
      const first = await authenticate(t, `${APP}/`, jar);
      expect(first.status).toBe('handshake');
      expect(first.reason).toBe('dev-browser-missing');
      const fapi = await followHandshake(t, first.headers.get('location')!);
      expect(fapi.statusCode).toBe(307);
      const resolved = await authenticate(t, fapi.headers.location as string, jar);
      expect(resolved.status).toBe('signed-out');
      applyCookies(jar, resolved.headers.getSetCookie());
      const devToken = jar.get('__clerk_db_jwt')!;
      expect(devToken).toMatch(/^dvb_/);
      expect(jar.get('__client_uat')).toBe('0');
      // The new dev browser is one the FAPI knows.
      const browser = new FapiBrowser(t.app, t.instanceId, APP);
      browser.devToken = devToken;
      expect((await browser.call('GET', '/v1/client')).status).toBe(200);
    });

    it('refuses a redirect_url on an origin the instance does not allow (no open redirect)', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/__clerk/${t.instanceId}/v1/client/handshake?redirect_url=${encodeURIComponent('https://evil.example/')}`,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].meta.param_name).toBe('redirect_url');
      const missing = await t.app.inject({
        method: 'GET',
        url: `/__clerk/${t.instanceId}/v1/client/handshake`,
      });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().errors[0].code).toBe('form_param_missing');
    });
  });

  describe('production', () => {
    let t: FapiTestInstance;

    beforeAll(async () => {
      t = await useFapiInstance(dialect, 'production');
      await t.api.ok('UpdateInstance', { body: { allowed_origins: [APP] } });
    });

    it('resolves a signed-in browser through the __client cookie and a handshake cookie', async () => {
      const browser = new FapiBrowser(t.app, t.instanceId, APP);
      const { user } = await signIn(t, browser);
      const jar = new Map([['__client_uat', browser.cookies.get('__client_uat')!]]);
      const first = await authenticate(t, `${APP}/account`, jar);
      expect(first.status).toBe('handshake');
      const fapi = await followHandshake(
        t,
        first.headers.get('location')!,
        `__client=${browser.cookies.get('__client')}`,
      );
      expect(fapi.statusCode).toBe(307);
      expect(fapi.headers.location).toBe(`${APP}/account`);
      const set = ([] as string[]).concat(fapi.headers['set-cookie'] as string[]);
      const handshake = set.find((c) => c.startsWith('__clerk_handshake='))!;
      jar.set('__clerk_handshake', handshake.split(';')[0]!.slice('__clerk_handshake='.length));
      const resolved = await authenticate(t, `${APP}/account`, jar);
      expect(resolved.status).toBe('signed-in');
      expect(resolved.toAuth()).toMatchObject({ userId: user.id });
      // The handshake cookie is used once: its directives delete it (else @clerk/backend
      // would resolve the same old token on every request).
      applyCookies(jar, resolved.headers.getSetCookie());
      expect(jar.has('__clerk_handshake')).toBe(false);
      expect(jar.get('__session')).toBeTruthy();
      const settled = await authenticate(t, `${APP}/account`, jar);
      expect(settled.status).toBe('signed-in');
      // Signed out in the browser: the next handshake says so.
      await browser.call('DELETE', '/v1/client/sessions');
      // The page's cookies (same site as the FAPI): __client_uat, plain and suffixed, is 0.
      for (const [name, value] of browser.cookies) {
        if (name.startsWith('__client_uat')) jar.set(name, value);
      }
      expect(jar.get('__client_uat')).toBe('0');
      const again = await authenticate(t, `${APP}/account`, jar);
      expect(again.status).toBe('handshake');
      const out = await followHandshake(
        t,
        again.headers.get('location')!,
        `__client=${browser.cookies.get('__client')}`,
      );
      const outCookies = ([] as string[]).concat(out.headers['set-cookie'] as string[]);
      const token = outCookies.find((c) => c.startsWith('__clerk_handshake='))!;
      jar.set('__clerk_handshake', token.split(';')[0]!.slice('__clerk_handshake='.length));
      const signedOut = await authenticate(t, `${APP}/account`, jar);
      expect(signedOut.status).toBe('signed-out');
    });
  });
});

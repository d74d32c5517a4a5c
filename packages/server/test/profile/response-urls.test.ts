import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExternalAccount, addPasskey } from '../../src/users/user-account-creation.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { createTestUser } from '../helpers/users.js';
import { PNG, scopeOf } from './images.js';

/** Every string in `value` that looks like a URL (a scheme, `//`, or a host-like `www.`). */
function urlsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"']+|\/\/[^\s"']+|www\.[^\s"']+/gi))
      found.push(m[0]);
  } else if (Array.isArray(value)) {
    for (const v of value) urlsIn(v, found);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) urlsIn(v, found);
  }
  return found;
}

describe.each(testDialects())(
  'no URL in a user points anywhere but at this server (%s)',
  (dialect) => {
    it('with the server reached through inject: every URL is on http://localhost', async () => {
      const t = await useTestInstance(dialect);
      const user = await createTestUser(t.api, {
        web3_wallet: ['0xde709f2102306220921060314715629080e2fb77'],
      });
      const scope = scopeOf(t);
      await addPasskey(scope, user.id, {
        name: 'Key',
        credentialId: `u-${user.id}`,
        publicKey: 'pk',
      });
      // A provider without an avatar: a provider's own avatar URL is its data (docs/behaviour.md).
      await addExternalAccount(scope, user.id, {
        provider: 'oauth_github',
        providerUserId: `gh-url-${user.id}`,
        emailAddress: 'gh@example.com',
      });
      const plain = await t.api.ok('GetUser', { params: { user_id: user.id } });
      const withImage = await t.api.ok('SetUserProfileImage', {
        params: { user_id: user.id },
        form: { file: { data: PNG } },
      });
      const listed = await t.api.ok('GetUserList', { query: { user_id: [user.id] } });
      for (const answer of [user, plain, withImage, listed]) {
        const urls = urlsIn(answer);
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) expect(url.startsWith('http://localhost/images/'), url).toBe(true);
      }
    });

    describe('with a configured public URL', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect, {
          publicUrl: 'https://auth.example.com/castellan/',
        });
      });
      afterAll(async () => server?.close());

      it('every URL is under it, whatever Host the request names', async () => {
        const user = await createTestUser(server.api);
        const res = await server.app.inject({
          method: 'POST',
          url: `/v1/users/${user.id}/profile_image`,
          headers: {
            ...server.auth,
            host: 'evil.example',
            'x-forwarded-host': 'evil.example',
            'content-type': 'multipart/form-data; boundary=b',
          },
          payload: Buffer.concat([
            Buffer.from(
              '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n',
            ),
            PNG,
            Buffer.from('\r\n--b--\r\n'),
          ]),
        });
        expect(res.statusCode).toBe(200);
        const urls = urlsIn([user, res.json()]);
        expect(urls).toHaveLength(4);
        for (const url of urls)
          expect(url.startsWith('https://auth.example.com/castellan/images/'), url).toBe(true);
        expect(JSON.stringify(res.json())).not.toContain('evil.example');
      });
    });
  },
);

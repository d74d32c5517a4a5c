import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';

/** The official client's OAuth application calls, unchanged, against Castellan. */
describe.each(testDialects())(
  '@clerk/backend oauthApplications against Castellan (%s)',
  (dialect) => {
    const suite = useClerkBackend(dialect);

    it('creates, reads, lists, updates, rotates, revokes and deletes', async () => {
      const { oauthApplications } = suite.clerk;
      const created = await oauthApplications.create({
        name: 'Clerk backend app',
        redirectUris: ['https://backend.example.com/callback', 'http://localhost:3000/cb'],
        scopes: 'profile email public_metadata',
      });
      expect(created.id).toMatch(/^oa_/);
      expect(created).toMatchObject({
        name: 'Clerk backend app',
        isPublic: false,
        pkceRequired: false,
        consentScreenEnabled: true,
        dynamicallyRegistered: false,
        scopes: 'profile email public_metadata',
        redirectUris: ['https://backend.example.com/callback', 'http://localhost:3000/cb'],
        clientImageUrl: null,
      });
      expect(created.clientSecret).toMatch(/^[0-9A-Za-z]{32}$/);
      expect(created.discoveryUrl).toBe(
        `${suite.apiUrl}/oauth/${created.instanceId}/.well-known/openid-configuration`,
      );

      const read = await oauthApplications.get(created.id);
      expect([read.clientId, read.clientSecret]).toEqual([created.clientId, undefined]);

      const publicApp = await oauthApplications.create({ name: 'Native app', public: true });
      expect([publicApp.isPublic, publicApp.pkceRequired, publicApp.clientSecret]).toEqual([
        true,
        true,
        '',
      ]);
      const list = await oauthApplications.list({ orderBy: '-created_at', limit: 10 });
      expect(list.totalCount).toBe(2);
      expect(list.data.map((app) => app.id)).toEqual([publicApp.id, created.id]);
      const byClientId = await oauthApplications.list({ nameQuery: created.clientId });
      expect(byClientId.data.map((app) => app.id)).toEqual([created.id]);

      const updated = await oauthApplications.update({
        oauthApplicationId: created.id,
        name: 'Renamed',
        redirectUris: ['myapp://callback'],
      });
      expect([updated.name, updated.redirectUris, updated.scopes]).toEqual([
        'Renamed',
        ['myapp://callback'],
        'profile email public_metadata',
      ]);

      const rotated = await oauthApplications.rotateSecret(created.id);
      expect(rotated.clientSecret).toMatch(/^[0-9A-Za-z]{32}$/);
      expect(rotated.clientSecret).not.toBe(created.clientSecret);
      const publicRotate = await oauthApplications
        .rotateSecret(publicApp.id)
        .catch((e: unknown) => e);
      expect(publicRotate).toMatchObject({
        status: 400,
        errors: [{ code: 'oauth_public_client_has_no_secret' }],
      });

      await oauthApplications.revokeToken({ oauthApplicationId: created.id, token: 'opaque' });

      const invalid = await oauthApplications
        .create({ name: 'Bad', redirectUris: ['http://example.com/cb'] })
        .catch((e: unknown) => e);
      expect(invalid).toMatchObject({
        status: 422,
        errors: [{ code: 'form_param_format_invalid', meta: { paramName: 'redirect_uris' } }],
      });

      const deleted = await oauthApplications.delete(created.id);
      expect(deleted).toMatchObject({ id: created.id, deleted: true });
      const missing = await oauthApplications.get(created.id).catch((e: unknown) => e);
      expect(missing).toMatchObject({ status: 404 });
    });
  },
);

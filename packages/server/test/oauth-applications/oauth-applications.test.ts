import { beforeAll, describe, expect, it } from 'vitest';
import { clientSecretMatches } from '../../src/oauth-applications/oauth-client-credentials.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

let counter = 0;
const uniqueName = (prefix = 'App') => `${prefix} ${(counter += 1)}`;

describe.each(testDialects())('OAuth applications (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
  });

  const storedRow = (id: string) =>
    t.database.db
      .selectFrom('oauth_applications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const countRows = async () =>
    (
      await t.database.db
        .selectFrom('oauth_applications')
        .select('id')
        .where('instance_id', '=', t.instanceId)
        .execute()
    ).length;

  describe('CreateOAuthApplication', () => {
    it("creates a confidential client with Clerk's defaults; the secret is shown once, stored hashed", async () => {
      const name = uniqueName();
      const created = await api.ok('CreateOAuthApplication', {
        body: { name, redirect_uris: ['https://app.example.com/callback'] },
      });
      const issuer = `http://localhost/oauth/${t.instanceId}`;
      expect(created).toEqual({
        object: 'oauth_application',
        id: expect.stringMatching(/^oa_[0-9A-Za-z]{27}$/),
        instance_id: t.instanceId,
        name,
        client_id: expect.stringMatching(/^[0-9A-Za-z]{16}$/),
        client_secret: expect.stringMatching(/^[0-9A-Za-z]{32}$/),
        client_uri: null,
        client_image_url: null,
        dynamically_registered: false,
        consent_screen_enabled: true,
        pkce_required: false,
        public: false,
        scopes: 'profile email',
        redirect_uris: ['https://app.example.com/callback'],
        callback_url: 'https://app.example.com/callback',
        authorize_url: `${issuer}/authorize`,
        token_fetch_url: `${issuer}/token`,
        user_info_url: `${issuer}/userinfo`,
        discovery_url: `${issuer}/.well-known/openid-configuration`,
        token_introspection_url: `${issuer}/token_info`,
        created_at: created.created_at,
        updated_at: created.created_at,
      });
      expect(Math.abs(created.created_at - Date.now())).toBeLessThan(60_000);

      const row = await storedRow(created.id);
      expect(row.client_secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(created.client_secret!);
      expect(clientSecretMatches(created.client_secret!, row.client_secret_hash)).toBe(true);
      expect(clientSecretMatches(`${created.client_secret!}x`, row.client_secret_hash)).toBe(false);

      const read = await api.ok('GetOAuthApplication', {
        params: { oauth_application_id: created.id },
      });
      expect('client_secret' in read).toBe(false);
      const { client_secret: _secret, ...withoutSecret } = created;
      expect(read).toEqual(withoutSecret);
    });

    it('creates a public client: no secret, PKCE required', async () => {
      const created = await api.ok('CreateOAuthApplication', {
        body: { name: uniqueName(), public: true, redirect_uris: ['myapp://oauth/callback'] },
      });
      expect(created).toMatchObject({ public: true, pkce_required: true, client_secret: '' });
      expect((await storedRow(created.id)).client_secret_hash).toBeNull();
      await api.fail(
        'CreateOAuthApplication',
        { body: { name: uniqueName(), public: true, pkce_required: false } },
        422,
        'form_param_value_invalid',
      );
    });

    it('takes scopes, the consent screen and PKCE as sent; scopes are normalised', async () => {
      const created = await api.ok('CreateOAuthApplication', {
        body: {
          name: `  ${uniqueName()}  `,
          scopes: ' openid  email email private_metadata public_metadata ',
          consent_screen_enabled: false,
          pkce_required: true,
          redirect_uris: [],
        },
      });
      expect(created).toMatchObject({
        scopes: 'openid email private_metadata public_metadata',
        consent_screen_enabled: false,
        pkce_required: true,
        redirect_uris: [],
        callback_url: '',
      });
      expect(created.name).toBe(created.name.trim());
      const nulls = await api.ok('CreateOAuthApplication', {
        body: {
          name: uniqueName(),
          scopes: null,
          consent_screen_enabled: null,
          pkce_required: null,
          public: null,
          redirect_uris: null,
          callback_url: null,
        },
      });
      expect(nulls).toMatchObject({
        scopes: 'profile email',
        consent_screen_enabled: true,
        pkce_required: false,
        public: false,
        redirect_uris: [],
      });
    });

    it('maps the deprecated callback_url to the first redirect URI', async () => {
      const alone = await api.ok('CreateOAuthApplication', {
        body: { name: uniqueName(), callback_url: 'https://cb.example.com/one' },
      });
      expect(alone.redirect_uris).toEqual(['https://cb.example.com/one']);
      expect(alone.callback_url).toBe('https://cb.example.com/one');
      const both = await api.ok('CreateOAuthApplication', {
        body: {
          name: uniqueName(),
          callback_url: 'https://cb.example.com/two',
          redirect_uris: ['https://cb.example.com/other', 'https://cb.example.com/two'],
        },
      });
      expect(both.redirect_uris).toEqual([
        'https://cb.example.com/two',
        'https://cb.example.com/other',
      ]);
    });

    it('accepts https, loopback http and custom schemes as redirect URIs', async () => {
      const uris = [
        'https://app.example.com/cb?x=1',
        'http://localhost:3000/cb',
        'http://127.0.0.1/cb',
        'http://[::1]:8080/cb',
        'myapp://oauth/callback',
        'com.example.app:/oauth2redirect',
      ];
      const created = await api.ok('CreateOAuthApplication', {
        body: { name: uniqueName(), redirect_uris: uris },
      });
      expect(created.redirect_uris).toEqual(uris);
    });

    it('refuses a missing, blank or too long name, and writes nothing', async () => {
      const before = await countRows();
      const missing = await api.fail(
        'CreateOAuthApplication',
        { body: {} },
        422,
        'form_param_missing',
      );
      expect(missing.errors[0]!.meta).toEqual({ param_name: 'name' });
      const blank = await api.fail(
        'CreateOAuthApplication',
        { body: { name: '   ' } },
        422,
        'form_param_missing',
      );
      expect(blank.errors[0]!.meta).toEqual({ param_name: 'name' });
      await api.ok('CreateOAuthApplication', { body: { name: 'n'.repeat(256) } });
      const long = await api.fail(
        'CreateOAuthApplication',
        { body: { name: 'n'.repeat(257) } },
        422,
        'form_param_exceeds_allowed_size',
      );
      expect(long.errors[0]!.meta).toEqual({ param_name: 'name' });
      expect(await countRows()).toBe(before + 1);
    });

    it('refuses an unknown or empty scope, naming scopes', async () => {
      for (const scopes of ['profile admin', 'Profile', '', '   ']) {
        const body = await api.fail(
          'CreateOAuthApplication',
          { body: { name: uniqueName(), scopes } },
          422,
          'form_param_value_invalid',
        );
        expect(body.errors[0]!.meta).toEqual({ param_name: 'scopes' });
      }
      const unknown = await api.fail(
        'CreateOAuthApplication',
        { body: { name: uniqueName(), scopes: 'email admin' } },
        422,
      );
      expect(unknown.errors[0]!.long_message).toContain('admin');
    });

    it('refuses bad redirect URIs, naming the parameter', async () => {
      const before = await countRows();
      for (const uri of [
        '/relative/callback',
        'app.example.com/cb',
        'https://app.example.com/cb#fragment',
        'https://app.example.com/cb#',
        'http://app.example.com/cb',
        'http://192.168.1.10/cb',
        'http://localhost.example.com/cb',
        'http://127.0.0.1.nip.io/cb',
        'https://user:pass@app.example.com/cb',
        'javascript:alert(1)',
        'data:text/html,hi',
        'https://app.example.com/ cb',
        '',
        `https://app.example.com/${'a'.repeat(1024)}`,
      ]) {
        const body = await api.fail(
          'CreateOAuthApplication',
          { body: { name: uniqueName(), redirect_uris: ['https://ok.example.com/cb', uri] } },
          422,
          'form_param_format_invalid',
        );
        expect(body.errors[0]!.meta, uri).toEqual({ param_name: 'redirect_uris' });
      }
      const callback = await api.fail(
        'CreateOAuthApplication',
        { body: { name: uniqueName(), callback_url: 'http://example.com/cb' } },
        422,
        'form_param_format_invalid',
      );
      expect(callback.errors[0]!.meta).toEqual({ param_name: 'callback_url' });
      const duplicate = await api.fail(
        'CreateOAuthApplication',
        {
          body: {
            name: uniqueName(),
            redirect_uris: ['https://a.example.com/cb', 'https://a.example.com/cb'],
          },
        },
        422,
        'form_param_value_invalid',
      );
      expect(duplicate.errors[0]!.meta).toEqual({ param_name: 'redirect_uris' });
      expect(await countRows()).toBe(before);
    });
  });

  describe('GetOAuthApplication, UpdateOAuthApplication, DeleteOAuthApplication', () => {
    it('answers 404 for an unknown ID, or another instance’s application', async () => {
      const params = { oauth_application_id: 'oa_missing' };
      await api.fail('GetOAuthApplication', { params }, 404, 'resource_not_found');
      await api.fail(
        'UpdateOAuthApplication',
        { params, body: { name: 'x' } },
        404,
        'resource_not_found',
      );
      await api.fail('DeleteOAuthApplication', { params }, 404, 'resource_not_found');
      await api.fail('RotateOAuthApplicationSecret', { params }, 404, 'resource_not_found');
      await api.fail(
        'RevokeOAuthApplicationToken',
        { params, body: { token: 'tok' } },
        404,
        'resource_not_found',
      );
      const other = await useTestInstance(dialect);
      const theirs = await other.api.ok('CreateOAuthApplication', { body: { name: 'Theirs' } });
      await api.fail(
        'GetOAuthApplication',
        { params: { oauth_application_id: theirs.id } },
        404,
        'resource_not_found',
      );
    });

    it('changes only the fields sent', async () => {
      const created = await api.ok('CreateOAuthApplication', {
        body: { name: uniqueName(), redirect_uris: ['https://one.example.com/cb'] },
      });
      const params = { oauth_application_id: created.id };
      t.clock.set(created.created_at + 5_000);
      try {
        const renamed = await api.ok('UpdateOAuthApplication', {
          params,
          body: { name: 'Renamed', scopes: 'openid profile', consent_screen_enabled: false },
        });
        const { client_secret: _secret, ...before } = created;
        expect(renamed).toEqual({
          ...before,
          name: 'Renamed',
          scopes: 'openid profile',
          consent_screen_enabled: false,
          updated_at: created.created_at + 5_000,
        });
        const nulls = await api.ok('UpdateOAuthApplication', {
          params,
          body: { name: null, scopes: null, redirect_uris: null, callback_url: null, public: null },
        });
        expect(nulls).toEqual(renamed);
        const uris = await api.ok('UpdateOAuthApplication', {
          params,
          body: { redirect_uris: ['https://two.example.com/cb', 'https://three.example.com/cb'] },
        });
        expect(uris.redirect_uris).toEqual([
          'https://two.example.com/cb',
          'https://three.example.com/cb',
        ]);
        // The contract's default for `scopes` (profile email) is not a change when absent.
        expect(uris.scopes).toBe('openid profile');
        const callback = await api.ok('UpdateOAuthApplication', {
          params,
          body: { callback_url: 'https://first.example.com/cb' },
        });
        expect(callback.redirect_uris).toEqual([
          'https://first.example.com/cb',
          'https://three.example.com/cb',
        ]);
        expect(callback.callback_url).toBe('https://first.example.com/cb');
        expect(await api.ok('GetOAuthApplication', { params })).toEqual(callback);
      } finally {
        t.clock.useRealTime();
      }
    });

    it('refuses bad values on update and changes nothing', async () => {
      const created = await api.ok('CreateOAuthApplication', { body: { name: uniqueName() } });
      const params = { oauth_application_id: created.id };
      await api.fail(
        'UpdateOAuthApplication',
        { params, body: { name: '' } },
        422,
        'form_param_missing',
      );
      await api.fail(
        'UpdateOAuthApplication',
        { params, body: { name: 'x'.repeat(257) } },
        422,
        'form_param_exceeds_allowed_size',
      );
      await api.fail(
        'UpdateOAuthApplication',
        { params, body: { scopes: 'profile write' } },
        422,
        'form_param_value_invalid',
      );
      await api.fail(
        'UpdateOAuthApplication',
        { params, body: { redirect_uris: ['https://ok.example.com/#x'] } },
        422,
        'form_param_format_invalid',
      );
      await api.fail(
        'UpdateOAuthApplication',
        { params, body: { client_secret: 'mine' } as never },
        422,
        'form_param_unknown',
      );
      const { client_secret: _secret, ...unchanged } = created;
      expect(await api.ok('GetOAuthApplication', { params })).toEqual(unchanged);
    });

    it('making a client public drops its secret; confidential again, it has none until rotated', async () => {
      const created = await api.ok('CreateOAuthApplication', { body: { name: uniqueName() } });
      const params = { oauth_application_id: created.id };
      const madePublic = await api.ok('UpdateOAuthApplication', { params, body: { public: true } });
      expect(madePublic).toMatchObject({ public: true, pkce_required: true });
      expect((await storedRow(created.id)).client_secret_hash).toBeNull();
      await api.fail(
        'UpdateOAuthApplication',
        { params, body: { pkce_required: false } },
        422,
        'form_param_value_invalid',
      );
      const confidential = await api.ok('UpdateOAuthApplication', {
        params,
        body: { public: false, pkce_required: false },
      });
      expect(confidential).toMatchObject({ public: false, pkce_required: false });
      expect((await storedRow(created.id)).client_secret_hash).toBeNull();
      const rotated = await api.ok('RotateOAuthApplicationSecret', { params });
      expect(rotated.client_secret).toMatch(/^[0-9A-Za-z]{32}$/);
      const row = await storedRow(created.id);
      expect(clientSecretMatches(rotated.client_secret!, row.client_secret_hash)).toBe(true);
      expect(clientSecretMatches(created.client_secret!, row.client_secret_hash)).toBe(false);
    });

    it('deletes an application', async () => {
      const created = await api.ok('CreateOAuthApplication', { body: { name: uniqueName() } });
      const params = { oauth_application_id: created.id };
      expect(await api.ok('DeleteOAuthApplication', { params })).toEqual({
        object: 'oauth_application',
        id: created.id,
        deleted: true,
      });
      await api.fail('GetOAuthApplication', { params }, 404, 'resource_not_found');
      await api.fail('DeleteOAuthApplication', { params }, 404, 'resource_not_found');
    });
  });
});

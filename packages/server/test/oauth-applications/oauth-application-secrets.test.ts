import { beforeAll, describe, expect, it } from 'vitest';
import { clientSecretMatches } from '../../src/oauth-applications/oauth-client-credentials.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

let counter = 0;
const uniqueName = (prefix = 'App') => `${prefix} ${(counter += 1)}`;

describe.each(testDialects())('OAuth application secrets and tokens (%s)', (dialect) => {
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

  describe('RotateOAuthApplicationSecret and RevokeOAuthApplicationToken', () => {
    it('rotates: a new secret, shown once; the old one stops matching', async () => {
      const created = await api.ok('CreateOAuthApplication', { body: { name: uniqueName() } });
      const params = { oauth_application_id: created.id };
      const rotated = await api.ok('RotateOAuthApplicationSecret', { params });
      expect(rotated.client_secret).toMatch(/^[0-9A-Za-z]{32}$/);
      expect(rotated.client_secret).not.toBe(created.client_secret);
      expect(rotated.client_id).toBe(created.client_id);
      const row = await storedRow(created.id);
      expect(clientSecretMatches(rotated.client_secret!, row.client_secret_hash)).toBe(true);
      expect(clientSecretMatches(created.client_secret!, row.client_secret_hash)).toBe(false);
      expect('client_secret' in (await api.ok('GetOAuthApplication', { params }))).toBe(false);
    });

    it('refuses to rotate the secret of a public client', async () => {
      const created = await api.ok('CreateOAuthApplication', {
        body: { name: uniqueName(), public: true },
      });
      await api.fail(
        'RotateOAuthApplicationSecret',
        { params: { oauth_application_id: created.id } },
        400,
        'oauth_public_client_has_no_secret',
      );
      expect((await storedRow(created.id)).client_secret_hash).toBeNull();
    });

    it('answers 204 for a token it never issued (RFC 7009), 422 for a blank one', async () => {
      const created = await api.ok('CreateOAuthApplication', { body: { name: uniqueName() } });
      const params = { oauth_application_id: created.id };
      const response = await api.call('RevokeOAuthApplicationToken', {
        params,
        body: { token: 'an-opaque-token-castellan-never-issued' },
      });
      expect(response.status).toBe(204);
      await api.fail(
        'RevokeOAuthApplicationToken',
        { params, body: {} },
        422,
        'form_param_missing',
      );
      await api.fail(
        'RevokeOAuthApplicationToken',
        { params, body: { token: ' ' } },
        422,
        'form_param_missing',
      );
    });
  });
});

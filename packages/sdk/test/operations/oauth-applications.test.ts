import { expect, it } from 'vitest';
import { DEFAULT_AVATAR_PNG } from '../../../server/src/images/default-avatar.js';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('oauth-applications', (s) => {
  it('creates, reads, lists, updates and deletes an OAuth application', async () => {
    const created = await s.sdk.oauthApplications.createOAuthApplication({
      name: 'SDK app',
      redirect_uris: ['https://sdk.example.com/callback'],
      scopes: 'openid profile email',
    });
    expect(created).toMatchObject({
      object: 'oauth_application',
      name: 'SDK app',
      public: false,
      scopes: 'openid profile email',
      callback_url: 'https://sdk.example.com/callback',
    });
    expect(created.client_secret).toMatch(/^[0-9A-Za-z]{32}$/);
    const params = { oauth_application_id: created.id };
    const read = await s.sdk.oauthApplications.getOAuthApplication(params);
    expect(read.client_id).toBe(created.client_id);
    const list = await s.sdk.oauthApplications.listOAuthApplications({ name_query: 'sdk' });
    expect([list.total_count, list.data.map((a) => a.id)]).toEqual([1, [created.id]]);
    const updated = await s.sdk.oauthApplications.updateOAuthApplication({
      ...params,
      name: 'Renamed SDK app',
      pkce_required: true,
    });
    expect([updated.name, updated.pkce_required, updated.scopes]).toEqual([
      'Renamed SDK app',
      true,
      'openid profile email',
    ]);
    expect(await s.sdk.oauthApplications.deleteOAuthApplication(params)).toEqual({
      object: 'oauth_application',
      id: created.id,
      deleted: true,
    });
    await expectClerkError(
      s.sdk.oauthApplications.getOAuthApplication(params),
      404,
      'resource_not_found',
    );
  });

  it('rotates the secret, revokes a token and uploads a logo', async () => {
    const created = await s.sdk.oauthApplications.createOAuthApplication({ name: 'Secrets' });
    const params = { oauth_application_id: created.id };
    const rotated = await s.sdk.oauthApplications.rotateOAuthApplicationSecret(params);
    expect(rotated.client_secret).not.toBe(created.client_secret);
    await s.sdk.oauthApplications.revokeOAuthApplicationToken({ ...params, token: 'unknown' });
    const uploader = await s.sdk.users.createUser({
      email_address: [uniqueEmail('oauth')],
      skip_password_requirement: true,
    });
    const withLogo = await s.sdk.oauthApplications.uploadOAuthApplicationLogo({
      ...params,
      uploader_user_id: uploader.id,
      file: new Blob([DEFAULT_AVATAR_PNG], { type: 'image/png' }),
    });
    expect(withLogo.client_image_url).toMatch(/\/images\/img_[0-9A-Za-z]{27}$/);
    await expectClerkError(
      s.sdk.oauthApplications.createOAuthApplication({ name: 'Bad', scopes: 'admin' }),
      422,
      'form_param_value_invalid',
    );
  });
});

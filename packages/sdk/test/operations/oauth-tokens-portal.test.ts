import { expect, it } from 'vitest';
import { issueOAuthAccessToken } from '../../../server/src/oauth-applications/oauth-access-token-issue.js';
import { runWrite } from '../../../server/src/platform/write.js';
import {
  createTestOrganization,
  enableOrganizations,
} from '../../../server/test/helpers/organizations.js';
import { scopeOn } from '../../../server/test/helpers/test-scope.js';
import { createTestUser } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('oauth-tokens-portal', (s) => {
  it('verifies an OAuth access token Castellan issued, and refuses a revoked one', async () => {
    const app = await s.sdk.oauthApplications.createOAuthApplication({ name: 'SDK tokens' });
    const user = await createTestUser(s.t.api);
    const scope = scopeOn(s.t.app, { ...s.t, baseUrl: 'http://localhost' });
    const issued = await runWrite(scope, (tx) =>
      issueOAuthAccessToken(tx, scope, {
        clientId: app.client_id,
        userId: user.id,
        scopes: ['profile'],
      }),
    );
    const verified = await s.sdk.oauthAccessTokens.verifyOAuthAccessToken({
      access_token: issued.token,
    });
    expect(verified).toMatchObject({ id: issued.id, subject: user.id, client_id: app.client_id });
    await s.sdk.oauthApplications.revokeOAuthApplicationToken({
      oauth_application_id: app.id,
      token: issued.token,
    });
    await expectClerkError(
      s.sdk.oauthAccessTokens.verifyOAuthAccessToken({ access_token: issued.token }),
      404,
      'oauth_access_token_revoked',
    );
  });

  it('creates and revokes an admin portal link token', async () => {
    await enableOrganizations(s.t.api);
    const org = await createTestOrganization(s.t.api);
    const link = await s.sdk.adminPortalLinkTokens.createAdminPortalLinkToken({
      organization_id: org.id,
      seconds_until_expiration: 600,
    });
    expect(link).toMatchObject({ object: 'admin_portal_link_token', organization_id: org.id });
    expect(link.token).toMatch(/^aplt_/);
    const revoked = await s.sdk.adminPortalLinkTokens.revokeAdminPortalLinkToken({
      adminPortalLinkTokenID: link.id,
      revocation_reason: 'done',
    });
    expect([revoked.revoked, revoked.revocation_reason]).toEqual([true, 'done']);
    await expectClerkError(
      s.sdk.adminPortalLinkTokens.createAdminPortalLinkToken({
        organization_id: `org_${'0'.repeat(27)}`,
      }),
      400,
      'resource_not_found',
    );
  });
});

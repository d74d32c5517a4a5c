import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';

describe.each(testDialects())('authentication and the error envelope (%s)', (dialect) => {
  let api: Api;
  let secretKey: string;
  beforeAll(async () => {
    ({ api, secretKey } = await useTestInstance(dialect));
  });

  it('without an Authorization header, returns 401 in the Clerk envelope', async () => {
    const res = await api.call('GetUserList', { secretKey: null });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].code).toBe('authorization_header_missing');
    expect(res.body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['x-clerk-trace-id']).toBe(res.body.clerk_trace_id);
  });

  it('with a wrong or malformed key, returns 401 authentication_invalid', async () => {
    for (const authorization of [
      'Bearer sk_test_wrongwrongwrongwrong',
      'Basic abc',
      'Bearer',
      `Bearer ${secretKey}x`,
    ]) {
      await api.fail(
        'GetUserList',
        { secretKey: null, headers: { authorization } },
        401,
        'authentication_invalid',
      );
    }
  });

  it('an unknown route returns 404 resource_not_found', async () => {
    const res = await api.app.inject({
      url: '/v1/nope',
      headers: { authorization: `Bearer ${secretKey}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json().errors[0]).toMatchObject({
      code: 'resource_not_found',
      long_message: 'No route matches GET /v1/nope.',
    });
  });

  it('a body over the limit returns 413', async () => {
    await api.fail(
      'CreateUser',
      { rawBody: { first_name: 'x'.repeat(2 * 1024 * 1024) } },
      413,
      'request_body_too_large',
    );
  });
});

describe.each(testDialects())('an unexpected failure (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server?.close());

  it('returns a bare 500 with a trace id and no stack', async () => {
    await server.api.ok('GetUserList', { query: { user_id: 'x' } });
    await server.database.close();
    const broken = await server.app.inject({ url: '/v1/users', headers: server.auth });
    expect(broken.statusCode).toBe(500);
    const body = broken.json();
    expect(body.errors[0].code).toBe('internal_clerk_error');
    expect(broken.body).not.toMatch(/at .*\.ts|stack/i);
    expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('health and docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server?.close());

  it('/healthz and /readyz answer without a key', async () => {
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await server.app.inject({ url: '/readyz' })).json()).toEqual({
      status: 'ok',
      database: 'sqlite',
    });
  });

  it('/openapi.json lists exactly the implemented operations', async () => {
    const doc = (await server.app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.0.3');
    const ids = Object.values(doc.paths)
      .flatMap((p: any) => Object.values(p).map((o: any) => o.operationId))
      .sort();
    expect(ids).toEqual(
      [
        'CreateUser',
        'DeleteUser',
        'GetJWKS',
        'AttemptEmailAddressVerification',
        'AttemptPhoneNumberVerification',
        'CreateEmailAddress',
        'CreatePhoneNumber',
        'DeleteEmailAddress',
        'DeletePhoneNumber',
        'GetEmailAddress',
        'GetPhoneNumber',
        'PrepareEmailAddressVerification',
        'PreparePhoneNumberVerification',
        'ReplaceUserEmailAddress',
        'ReplaceUserPhoneNumber',
        'UpdateEmailAddress',
        'UpdatePhoneNumber',
        'GetUser',
        'GetUserList',
        'GetUsersCount',
        'ReplaceUserMetadata',
        'UpdateUser',
        'UpdateUserMetadata',
        'ListAllowlistIdentifiers',
        'CreateAllowlistIdentifier',
        'DeleteAllowlistIdentifier',
        'ListBlocklistIdentifiers',
        'CreateBlocklistIdentifier',
        'DeleteBlocklistIdentifier',
        'UpdateInstanceRestrictions',
        // Moderation, password and second factors (users/user-authn-routes.ts)
        'BanUser',
        'UnbanUser',
        'UsersBan',
        'UsersUnban',
        'LockUser',
        'UnlockUser',
        'VerifyPassword',
        'RemoveUserPassword',
        'CreateUserTOTP',
        'VerifyTOTP',
        'DeleteTOTP',
        'DeleteBackupCode',
        'DisableMFA',
        // Profile image, passkeys, wallets, external accounts, trusted devices
        'SetUserProfileImage',
        'DeleteUserProfileImage',
        'UserPasskeyDelete',
        'UserWeb3WalletDelete',
        'DeleteExternalAccount',
        'GetOAuthAccessToken',
        'ListUserTrustedDevices',
        'RevokeUserTrustedDevice',
        // JWT templates (jwt-templates/jwt-template-routes.ts)
        'ListJWTTemplates',
        'CreateJWTTemplate',
        'GetJWTTemplate',
        'UpdateJWTTemplate',
        'DeleteJWTTemplate',
        // Tokens, sign-ups, redirect URLs, the interstitial
        'CreateSignInToken',
        'RevokeSignInToken',
        'CreateActorToken',
        'RevokeActorToken',
        'CreateTestingToken',
        'GetSignUp',
        'UpdateSignUp',
        'ListRedirectURLs',
        'CreateRedirectURL',
        'GetRedirectURL',
        'DeleteRedirectURL',
        'GetPublicInterstitial',
        // Instance settings, beta features, domains, proxy checks (issue 8, part C)
        'GetInstance',
        'UpdateInstance',
        'GetInstanceProtect',
        'UpdateInstanceProtect',
        'GetInstanceCommunication',
        'UpdateInstanceCommunication',
        'GetInstanceOAuthApplicationSettings',
        'UpdateInstanceOAuthApplicationSettings',
        'GetInstanceOrganizationSettings',
        'UpdateInstanceOrganizationSettings',
        // Organizations (issue 9: the foundation's and part A1's).
        'CreateOrganization',
        'GetOrganization',
        'CreateOrganizationMembership',
        'ListOrganizations',
        'UpdateOrganization',
        'DeleteOrganization',
        'MergeOrganizationMetadata',
        'ReplaceOrganizationMetadata',
        'UploadOrganizationLogo',
        'DeleteOrganizationLogo',
        'UpdateInstanceAuthConfig',
        'ChangeProductionInstanceDomain',
        'UpdateProductionInstanceDomain',
        'ListDomains',
        'AddDomain',
        'UpdateDomain',
        'DeleteDomain',
        'VerifyDomainProxy',
        // Sessions and clients (sessions/session-routes.ts, clients/client-routes.ts)
        'GetSessionList',
        'createSession',
        'GetSession',
        'RefreshSession',
        'RevokeSession',
        'VerifySession',
        'CreateSessionToken',
        'CreateSessionTokenFromTemplate',
        'GetClientList',
        'GetClient',
        'VerifyClient',
        // Instance invitations (invitations/invitation-routes.ts)
        'CreateInvitation',
        'CreateBulkInvitations',
        'ListInvitations',
        'RevokeInvitation',
        // Organizations and memberships (organizations/organization-routes.ts)
        'ListOrganizationMemberships',
        'UpdateOrganizationMembership',
        'UpdateOrganizationMembershipMetadata',
        'DeleteOrganizationMembership',
        'InstanceGetOrganizationMemberships',
        'UsersGetOrganizationMemberships',
        // Permissions and role sets (roles/role-routes.ts)
        'ListOrganizationPermissions',
        'CreateOrganizationPermission',
        'GetOrganizationPermission',
        'UpdateOrganizationPermission',
        'DeleteOrganizationPermission',
        'ListRoleSets',
        'CreateRoleSet',
        'GetRoleSet',
        'UpdateRoleSet',
        'ReplaceRoleSet',
        'AddRolesToRoleSet',
        'ReplaceRoleInRoleSet',
        // Organization domains (organizations/organization-domain-routes.ts)
        'CreateOrganizationDomain',
        'ListOrganizationDomains',
        'UpdateOrganizationDomain',
        'DeleteOrganizationDomain',
        'VerifyOrganizationDomainOwnership',
        'ListAllOrganizationDomains',
        // Organization invitations (organizations/organization-invitation-routes.ts)
        'CreateOrganizationInvitation',
        'CreateOrganizationInvitationBulk',
        'ListOrganizationInvitations',
        'ListPendingOrganizationInvitations',
        'ListInstanceOrganizationInvitations',
        'GetOrganizationInvitation',
        'RevokeOrganizationInvitation',
        'UsersGetOrganizationInvitations',
        'CreateOAuthApplication',
        'DeleteOAuthApplication',
        'GetOAuthApplication',
        'ListOAuthApplications',
        'RevokeOAuthApplicationToken',
        'RotateOAuthApplicationSecret',
        'UpdateOAuthApplication',
        'UploadOAuthApplicationLogo',
        'ListMachines',
        'CreateMachine',
        'GetMachine',
        'UpdateMachine',
        'DeleteMachine',
        'CreateMachineScope',
        'DeleteMachineScope',
        'GetMachineSecretKey',
        'RotateMachineSecretKey',
        'createM2MToken',
        'getM2MTokens',
        'revokeM2MToken',
        'verifyM2MToken',
        'createApiKey',
        'getApiKeys',
        'getApiKey',
        'getApiKeySecret',
        'updateApiKey',
        'deleteApiKey',
        'revokeApiKey',
        'verifyApiKey',
      ].sort(),
    );
  });

  it('/docs serves the API reference page', async () => {
    const res = await server.app.inject({ url: '/docs' });
    const page =
      res.statusCode >= 300 && res.statusCode < 400
        ? await server.app.inject({ url: res.headers.location as string })
        : res;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/openapi.json');
  });
});

import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from '../../src/instances/instance-service.js';
import { issueOAuthAccessToken } from '../../src/oauth-applications/oauth-access-token-issue.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Scope } from '../../src/platform/scope.js';
import { runWrite } from '../../src/platform/write.js';
import { Api } from '../helpers/api.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

/**
 * Issue 13: `@clerk/backend` 3.25, unchanged, accepts the OAuth access tokens Castellan
 * issues (`oat_…` through `POST /oauth_applications/access_tokens/verify` without `/v1`; JWTs
 * locally with the instance's JWKS) and refuses tampered ones.
 */
describe.each(testDialects())('@clerk/backend OAuth access tokens (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);
  let clerk: ClerkClient;
  let scope: Scope;
  let clientId: string;
  let userId: string;

  beforeAll(async () => {
    const created = await createInstance(suite.server.database.db, {
      name: `compat-oauth-tokens-${dialect}`,
      frontendApi: `compat-oauth-tokens-${dialect}.castellan.accounts.dev`,
      secrets: suite.server.app.castellan.secrets,
    });
    const api = new Api(suite.server.app, created.secretKey);
    scope = scopeOn(suite.server.app, {
      instance: created.instance,
      clock: systemClock,
      baseUrl: suite.apiUrl,
    });
    clientId = (await api.ok('CreateOAuthApplication', { body: { name: 'Compat' } })).client_id;
    userId = (await createTestUser(api)).id;
    clerk = createClerkClient({
      secretKey: created.secretKey,
      apiUrl: suite.apiUrl,
      publishableKey: created.instance.publishableKey,
      telemetry: { disabled: true },
    });
  });

  const issue = (format: 'opaque' | 'jwt') =>
    runWrite(scope, (tx) =>
      issueOAuthAccessToken(tx, scope, { clientId, userId, scopes: ['profile'], format }),
    );
  const request = (token: string) =>
    new Request('http://localhost:3000/api/me', { headers: { authorization: `Bearer ${token}` } });
  /** One character changed well inside the token (a hex digit, or a signature character). */
  const tamper = (token: string) => {
    const at = token.length - 5;
    const swap = token[at] === '0' ? '1' : token[at] === 'A' ? 'B' : token[at] === '1' ? '0' : 'A';
    return `${token.slice(0, at)}${swap}${token.slice(at + 1)}`;
  };

  it('idPOAuthAccessToken.verify reads an opaque token', async () => {
    const issued = await issue('opaque');
    const verified = await clerk.idPOAuthAccessToken.verify(issued.token);
    expect([verified.id, verified.clientId, verified.subject, verified.scopes]).toEqual([
      issued.id,
      clientId,
      userId,
      ['profile'],
    ]);
  });

  for (const format of ['opaque', 'jwt'] as const) {
    it(`authenticateRequest accepts a ${format} oauth_token and refuses a tampered one`, async () => {
      const issued = await issue(format);
      const state = await clerk.authenticateRequest(request(issued.token), {
        acceptsToken: 'oauth_token',
      });
      expect(state.isAuthenticated, state.message ?? '').toBe(true);
      expect(state.toAuth()).toMatchObject({ tokenType: 'oauth_token', userId, clientId });
      const refused = await clerk.authenticateRequest(request(tamper(issued.token)), {
        acceptsToken: 'oauth_token',
      });
      expect(refused.isAuthenticated).toBe(false);
      const wrongType = await clerk.authenticateRequest(request(issued.token), {
        acceptsToken: 'm2m_token',
      });
      expect(wrongType.isAuthenticated).toBe(false);
    });
  }

  it('authenticateRequest refuses a revoked opaque token', async () => {
    const issued = await issue('opaque');
    const app = (await clerk.oauthApplications.list()).data.find((a) => a.clientId === clientId)!;
    await clerk.oauthApplications.revokeToken({ oauthApplicationId: app.id, token: issued.token });
    const state = await clerk.authenticateRequest(request(issued.token), {
      acceptsToken: 'oauth_token',
    });
    expect(state.isAuthenticated).toBe(false);
  });
});

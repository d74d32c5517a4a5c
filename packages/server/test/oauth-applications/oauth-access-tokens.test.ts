import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  issueOAuthAccessToken,
  type OAuthAccessTokenGrant,
} from '../../src/oauth-applications/oauth-access-token-issue.js';
import { runWrite } from '../../src/platform/write.js';
import { expectContract } from '../helpers/contract.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

let counter = 0;

/** Issue 13: OAuth access tokens issued by `issueOAuthAccessToken`, verified and revoked. */
describe.each(testDialects())('OAuth access tokens (%s)', (dialect) => {
  let t: TestInstance;
  let app: { id: string; client_id: string };
  let userId: string;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    app = await t.api.ok('CreateOAuthApplication', {
      body: { name: `Token app ${(counter += 1)}` },
    });
    userId = (await createTestUser(t.api)).id;
  });

  const issue = (grant: Partial<OAuthAccessTokenGrant> = {}) => {
    const scope = scopeOn(t.app, { ...t, baseUrl: 'http://localhost' });
    return runWrite(scope, (tx) =>
      issueOAuthAccessToken(tx, scope, {
        clientId: app.client_id,
        userId,
        scopes: ['profile', 'email'],
        ...grant,
      }),
    );
  };
  const verify = (access_token: string) =>
    t.api.call('verifyOAuthAccessToken', { body: { access_token } });

  it('verifies an opaque token it issued: the spec body, stored only as its hash', async () => {
    const before = Date.now();
    const issued = await issue({ secondsUntilExpiration: 600 });
    expect(issued.token).toMatch(/^oat_[0-9a-f]{64}$/);
    const verified = await t.api.ok('verifyOAuthAccessToken', {
      body: { access_token: issued.token },
    });
    expect(verified).toMatchObject({
      object: 'clerk_idp_oauth_access_token',
      id: issued.id,
      client_id: app.client_id,
      subject: userId,
      scopes: ['profile', 'email'],
      revoked: false,
      revocation_reason: null,
      expired: false,
      expiration: issued.expiration,
    });
    expect(issued.id).toMatch(/^oat_[0-9a-f]{32}$/);
    expect(issued.expiration - (verified as { created_at: number }).created_at).toBe(600_000);
    expect((verified as { created_at: number }).created_at).toBeGreaterThanOrEqual(before);
    const row = await t.database.db
      .selectFrom('oauth_access_tokens')
      .selectAll()
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(issued.token.slice(4));
    // The deprecated `secret` field still works.
    expect(
      (await t.api.ok('verifyOAuthAccessToken', { body: { secret: issued.token } })) as {
        id: string;
      },
    ).toMatchObject({ id: issued.id });
  });

  it('refuses unknown, tampered, other-instance and blank tokens', async () => {
    const issued = await issue();
    const last = issued.token.at(-1) === '0' ? '1' : '0';
    for (const token of [`oat_${'0'.repeat(64)}`, `${issued.token.slice(0, -1)}${last}`, 'oat_x']) {
      await t.api.fail(
        'verifyOAuthAccessToken',
        { body: { access_token: token } },
        404,
        'oauth_access_token_not_found',
      );
    }
    const other = await useTestInstance(dialect);
    await other.api.fail(
      'verifyOAuthAccessToken',
      { body: { access_token: issued.token } },
      404,
      'oauth_access_token_not_found',
    );
    await t.api.fail('verifyOAuthAccessToken', { body: {} }, 400, 'form_param_missing');
    await t.api.fail(
      'verifyOAuthAccessToken',
      { body: { access_token: '' } },
      400,
      'form_param_missing',
    );
  });

  it('refuses an expired opaque token (404 oauth_access_token_expired)', async () => {
    const issued = await issue({ secondsUntilExpiration: 60 });
    t.clock.set(Date.now() + 61_000);
    try {
      await t.api.fail(
        'verifyOAuthAccessToken',
        { body: { access_token: issued.token } },
        404,
        'oauth_access_token_expired',
      );
    } finally {
      t.clock.useRealTime();
    }
  });

  it('RevokeOAuthApplicationToken revokes an issued token; another app cannot', async () => {
    const issued = await issue();
    const otherApp = await t.api.ok('CreateOAuthApplication', {
      body: { name: `Other app ${(counter += 1)}` },
    });
    const byOther = await t.api.call('RevokeOAuthApplicationToken', {
      params: { oauth_application_id: otherApp.id },
      body: { token: issued.token },
    });
    expect(byOther.status).toBe(204);
    expect((await verify(issued.token)).status).toBe(200);
    const params = { oauth_application_id: app.id };
    for (let i = 0; i < 2; i += 1) {
      const revoked = await t.api.call('RevokeOAuthApplicationToken', {
        params,
        body: { token: issued.token },
      });
      expect(revoked.status).toBe(204);
    }
    await t.api.fail(
      'verifyOAuthAccessToken',
      { body: { access_token: issued.token } },
      404,
      'oauth_access_token_revoked',
    );
  });

  it('issues JWTs signed with the instance key (GetJWKS), verified and not revocable', async () => {
    const issued = await issue({ format: 'jwt', scopes: ['openid'] });
    expect(decodeProtectedHeader(issued.token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const jwks = await t.api.ok('GetJWKS');
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(jwks as never), {
      issuer: `https://${t.instance.frontendApi}`,
    });
    expect(payload).toMatchObject({ sub: userId, client_id: app.client_id, jti: issued.id });
    expect(payload.scope).toBe('openid');
    const verified = await t.api.ok('verifyOAuthAccessToken', {
      body: { access_token: issued.token },
    });
    expect(verified).toMatchObject({ id: issued.id, subject: userId, scopes: ['openid'] });
    const [h, p, s] = issued.token.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    forged.sub = 'user_someoneelse';
    const tampered = `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`;
    await t.api.fail(
      'verifyOAuthAccessToken',
      { body: { access_token: tampered } },
      404,
      'oauth_access_token_not_found',
    );
    const revoke = await t.api.call('RevokeOAuthApplicationToken', {
      params: { oauth_application_id: app.id },
      body: { token: issued.token },
    });
    expect(revoke.status).toBe(204);
    expect((await verify(issued.token)).status).toBe(200);
  });

  it('answers { active: false } for an expired JWT, as the spec says', async () => {
    const issued = await issue({ format: 'jwt', secondsUntilExpiration: 60 });
    t.clock.set(Date.now() + 120_000);
    try {
      expect(
        await t.api.ok('verifyOAuthAccessToken', { body: { access_token: issued.token } }),
      ).toEqual({ active: false });
    } finally {
      t.clock.useRealTime();
    }
  });

  it('forgets the tokens of a deleted application', async () => {
    const doomed = await t.api.ok('CreateOAuthApplication', {
      body: { name: `Doomed app ${(counter += 1)}` },
    });
    const opaque = await issue({ clientId: doomed.client_id });
    const jwt = await issue({ clientId: doomed.client_id, format: 'jwt' });
    await t.api.ok('DeleteOAuthApplication', { params: { oauth_application_id: doomed.id } });
    for (const token of [opaque.token, jwt.token]) {
      await t.api.fail(
        'verifyOAuthAccessToken',
        { body: { access_token: token } },
        404,
        'oauth_access_token_not_found',
      );
    }
  });

  it('forgets the tokens of a deleted user', async () => {
    const leaving = await createTestUser(t.api);
    const opaque = await issue({ userId: leaving.id });
    const jwt = await issue({ userId: leaving.id, format: 'jwt' });
    await t.api.ok('DeleteUser', { params: { user_id: leaving.id } });
    for (const token of [opaque.token, jwt.token]) {
      await t.api.fail(
        'verifyOAuthAccessToken',
        { body: { access_token: token } },
        404,
        'oauth_access_token_not_found',
      );
    }
  });

  it('refuses to issue for an unknown application or user', async () => {
    await expect(issue({ clientId: 'nope' })).rejects.toMatchObject({ status: 404 });
    await expect(issue({ userId: 'user_nope' })).rejects.toMatchObject({ status: 404 });
  });

  it('serves verification without /v1, as @clerk/backend calls it', async () => {
    const issued = await issue();
    const response = await t.app.inject({
      method: 'POST',
      url: '/oauth_applications/access_tokens/verify',
      headers: { ...t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ access_token: issued.token }),
    });
    expect(expectContract('verifyOAuthAccessToken', response)).toMatchObject({ id: issued.id });
    const noKey = await t.app.inject({
      method: 'POST',
      url: '/oauth_applications/access_tokens/verify',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ access_token: issued.token }),
    });
    expect(noKey.statusCode).toBe(401);
  });
});

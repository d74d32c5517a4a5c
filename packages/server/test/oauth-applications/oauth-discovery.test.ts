import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance } from '../helpers/test-instance.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

/**
 * The OpenID Provider configuration an application's `discovery_url` names, fetched over real
 * HTTP without a secret key, and the JWKS it names, used by `jose` to verify a token the
 * instance signed.
 */
describe.each(testDialects())('OpenID discovery of OAuth applications (%s)', (dialect) => {
  let server: TestServer;
  let origin: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    origin = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => server?.close());

  it('serves the configuration at discovery_url, naming every endpoint under the issuer', async () => {
    const app = await server.api.ok('CreateOAuthApplication', { body: { name: 'Discovery' } });
    const issuer = `${origin}/oauth/${app.instance_id}`;
    expect(app.discovery_url).toBe(`${issuer}/.well-known/openid-configuration`);
    const response = await fetch(app.discovery_url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc).toEqual({
      issuer,
      authorization_endpoint: app.authorize_url,
      token_endpoint: app.token_fetch_url,
      userinfo_endpoint: app.user_info_url,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      introspection_endpoint: app.token_introspection_url,
      revocation_endpoint: `${issuer}/token/revoke`,
      scopes_supported: ['openid', 'profile', 'email', 'public_metadata', 'private_metadata'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      claims_supported: expect.arrayContaining(['sub', 'email', 'name']),
    });
    // OpenID Connect Discovery §4: the document is at the issuer + /.well-known/….
    expect(app.discovery_url.startsWith(`${doc.issuer as string}/.well-known/`)).toBe(true);
  });

  it('serves the instance’s public keys at jwks_uri: jose verifies a session token with them', async () => {
    const app = await server.api.ok('CreateOAuthApplication', { body: { name: 'Keys' } });
    const doc = (await (await fetch(app.discovery_url)).json()) as { jwks_uri: string };
    const served = (await (await fetch(doc.jwks_uri)).json()) as { keys: unknown[] };
    expect(served).toEqual(await server.api.ok('GetJWKS'));
    expect(served.keys.length).toBeGreaterThan(0);

    const user = await createTestUser(server.api);
    const session = await server.api.ok('createSession', { body: { user_id: user.id } });
    const { jwt } = await server.api.ok('CreateSessionToken', {
      params: { session_id: session.id },
    });
    const jwks = createRemoteJWKSet(new URL(doc.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(jwt!, jwks, { algorithms: ['RS256'] });
    expect(payload.sub).toBe(user.id);
    expect(protectedHeader.alg).toBe('RS256');
    // A token signed by another key does not verify against this set.
    const [h, p] = jwt!.split('.');
    await expect(jwtVerify(`${h}.${p}.${'A'.repeat(342)}`, jwks)).rejects.toThrow();
  });

  it('answers 404 with the Clerk envelope for an instance that does not exist', async () => {
    for (const path of ['openid-configuration', 'jwks.json']) {
      const response = await fetch(`${origin}/oauth/ins_missing/.well-known/${path}`);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { errors: { code: string }[] };
      expect(body.errors[0]!.code).toBe('resource_not_found');
    }
    // The flows themselves are not served yet.
    const app = await server.api.ok('CreateOAuthApplication', { body: { name: 'Flows' } });
    expect((await fetch(app.authorize_url)).status).toBe(404);
  });

  it('serves each instance its own keys, at URLs under the configured public URL', async () => {
    const [one, two] = [await useTestInstance(dialect), await useTestInstance(dialect)];
    const jwksOf = async (instanceId: string) =>
      (await one.app.inject({ url: `/oauth/${instanceId}/.well-known/jwks.json` })).json();
    expect(await jwksOf(one.instanceId)).toEqual(await one.api.ok('GetJWKS'));
    expect(await jwksOf(two.instanceId)).toEqual(await two.api.ok('GetJWKS'));
    expect(await jwksOf(one.instanceId)).not.toEqual(await jwksOf(two.instanceId));

    const proxied = await startTestServer(dialect, { publicUrl: 'https://auth.example.com/id/' });
    try {
      const app = await proxied.api.ok('CreateOAuthApplication', { body: { name: 'Proxied' } });
      const issuer = `https://auth.example.com/id/oauth/${app.instance_id}`;
      expect(app.discovery_url).toBe(`${issuer}/.well-known/openid-configuration`);
      const doc = (
        await proxied.app.inject({
          url: `/oauth/${app.instance_id}/.well-known/openid-configuration`,
        })
      ).json();
      expect([doc.issuer, doc.jwks_uri, doc.token_endpoint]).toEqual([
        issuer,
        `${issuer}/.well-known/jwks.json`,
        app.token_fetch_url,
      ]);
    } finally {
      await proxied.close();
    }
  });
});

import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createClerkClient, verifyToken, type ClerkClient } from '@clerk/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueClientToken } from '../../src/clients/client-service.js';
import { createInstance } from '../../src/instances/instance-service.js';
import type { ScopeInstance } from '../../src/platform/scope.js';
import { systemClock } from '../../src/platform/clock.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/**
 * Sessions, clients and session tokens through the official client, unchanged (COMPAT.md):
 * its `verifyToken` (JWKS over the network, and networkless with the PEM) and
 * `authenticateRequest` accept the tokens Castellan mints.
 */
describe.each(testDialects())('@clerk/backend sessions and tokens (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);
  let clerk: ClerkClient;
  let secretKey: string;
  let instance: ScopeInstance;
  let pem: string;

  beforeAll(async () => {
    // A development instance whose frontend host @clerk/backend can parse from its
    // publishable key (a dotted host with a development suffix, FAPI-NOTES.md).
    const created = await createInstance(suite.server.database.db, {
      name: `compat-sessions-${dialect}`,
      frontendApi: `compat-sessions-${dialect}.castellan.accounts.dev`,
      secrets: suite.server.app.castellan.secrets,
    });
    secretKey = created.secretKey;
    instance = created.instance;
    clerk = createClerkClient({
      secretKey,
      apiUrl: suite.apiUrl,
      publishableKey: instance.publishableKey,
      // Tests talk to no one but the server under test.
      telemetry: { disabled: true },
    });
    const jwks = await clerk.jwks.getJwks();
    const jwk = jwks.keys![0]!;
    pem = createPublicKey({ key: { kty: 'RSA', n: jwk.n!, e: jwk.e! }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  });

  async function newSession() {
    const user = await clerk.users.createUser({
      emailAddress: [uniqueEmail('sessions')],
      password: 'an-uncommon-sdk-passphrase-7',
    });
    const session = await clerk.sessions.createSession({ userId: user.id });
    return { user, session };
  }

  it('creates, reads, lists and revokes sessions', async () => {
    const { user, session } = await newSession();
    expect(session.userId).toBe(user.id);
    expect(session.status).toBe('active');
    expect((await clerk.sessions.getSession(session.id)).clientId).toBe(session.clientId);
    const list = await clerk.sessions.getSessionList({ userId: user.id });
    expect(list.totalCount).toBe(1);
    expect(list.data.map((s) => s.id)).toEqual([session.id]);
    const byStatus = await clerk.sessions.getSessionList({ userId: user.id, status: 'revoked' });
    expect(byStatus.totalCount).toBe(0);
    const revoked = await clerk.sessions.revokeSession(session.id);
    expect(revoked.status).toBe('revoked');
    await expect(clerk.sessions.getToken(session.id)).rejects.toMatchObject({
      status: 401,
      errors: [expect.objectContaining({ code: 'signed_out' })],
    });
    await expect(clerk.sessions.getSession('sess_missing')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('mints tokens that verifyToken accepts through the JWKS and with the PEM', async () => {
    const { user, session } = await newSession();
    const { jwt } = await clerk.sessions.getToken(session.id);
    const viaJwks = await verifyToken(jwt, { secretKey, apiUrl: suite.apiUrl });
    expect(viaJwks).toMatchObject({ sub: user.id, sid: session.id, v: 2, sts: 'active' });
    const networkless = await verifyToken(jwt, { jwtKey: pem });
    expect(networkless).toMatchObject({ sub: user.id, sid: session.id });
    expect(networkless.iss).toBe(`https://${instance.frontendApi}`);
    const long = await clerk.sessions.getToken(session.id, undefined, 3600);
    const claims = await verifyToken(long.jwt, { jwtKey: pem });
    expect(claims.exp - claims.iat).toBe(3600);
    // Checked against another key, the token is refused.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const otherPem = other.export({ type: 'spki', format: 'pem' }).toString();
    await expect(verifyToken(jwt, { jwtKey: otherPem })).rejects.toThrow();
  });

  it('getToken with a template name returns that template’s token, verifiable by verifyToken', async () => {
    await clerk.jwtTemplates.create({ name: 'compat-template', claims: { uid: '{{user.id}}' } });
    const { user, session } = await newSession();
    const { jwt } = await clerk.sessions.getToken(session.id, 'compat-template');
    const claims = await verifyToken(jwt, { jwtKey: pem });
    expect(claims).toMatchObject({
      sub: user.id,
      uid: user.id,
      iss: `https://${instance.frontendApi}`,
    });
    const viaJwks = await verifyToken(jwt, { secretKey, apiUrl: suite.apiUrl });
    expect(viaJwks.sub).toBe(user.id);
  });

  it('authenticateRequest reports the user and session of a Bearer token', async () => {
    const { user, session } = await newSession();
    const { jwt } = await clerk.sessions.getToken(session.id);
    for (const options of [{}, { jwtKey: pem }]) {
      const request = new Request('http://localhost:3000/api/me', {
        headers: { authorization: `Bearer ${jwt}` },
      });
      const state = await clerk.authenticateRequest(request, options);
      expect(state.isAuthenticated, state.message ?? '').toBe(true);
      const auth = state.toAuth();
      expect(auth).toMatchObject({ userId: user.id, sessionId: session.id, orgId: undefined });
    }
    const forged = `${jwt.slice(0, -4)}AAAA`;
    const refused = await clerk.authenticateRequest(
      new Request('http://localhost:3000/api/me', {
        headers: { authorization: `Bearer ${forged}` },
      }),
    );
    expect(refused.isAuthenticated).toBe(false);
  });

  it('reads and verifies clients', async () => {
    const { session } = await newSession();
    const client = await clerk.clients.getClient(session.clientId);
    expect(client.sessionIds).toEqual([session.id]);
    expect(client.sessions[0]?.id).toBe(session.id);
    expect(client.lastActiveSessionId).toBe(session.id);
    const list = await clerk.clients.getClientList({ limit: 100 });
    expect(list.data.map((c) => c.id)).toContain(session.clientId);
    const scope = scopeOn(suite.server.app, {
      instance,
      clock: systemClock,
      baseUrl: suite.apiUrl,
    });
    const token = await issueClientToken(scope, session.clientId);
    expect((await clerk.clients.verifyClient(token)).id).toBe(session.clientId);
    await expect(clerk.clients.verifyClient('nope')).rejects.toMatchObject({ status: 401 });
  });
});

import { expect, it } from 'vitest';
import { issueClientToken } from '../../../server/src/clients/client-service.js';
import { issueRefreshToken } from '../../../server/src/sessions/session-token-service.js';
import { scopeOn } from '../../../server/test/helpers/test-scope.js';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

const MINUTE = 60_000;

/** The claims of a JWT (its signature is the server tests' business). */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

describeOperations('sessions', (s) => {
  const scope = () =>
    scopeOn(s.t.app, { instance: s.t.instance, clock: s.t.clock, baseUrl: 'http://localhost' });
  async function newSession() {
    const user = await s.sdk.users.createUser({
      email_address: [uniqueEmail('session')],
      skip_password_requirement: true,
    });
    return s.sdk.sessions.createSession({ user_id: user.id });
  }

  it('creates, reads, lists and revokes a session', async () => {
    const session = await newSession();
    expect(session).toMatchObject({ object: 'session', status: 'active' });
    expect(await s.sdk.sessions.getSession({ session_id: session.id })).toEqual(session);
    const listed = await s.sdk.sessions.getSessionList({ user_id: session.user_id });
    expect(listed.map((x) => x.id)).toEqual([session.id]);
    const revoked = await s.sdk.sessions.revokeSession({ session_id: session.id });
    expect([revoked.id, revoked.status]).toEqual([session.id, 'revoked']);
    await expectClerkError(
      s.sdk.sessions.getSession({ session_id: 'sess_missing' }),
      404,
      'resource_not_found',
    );
  });

  it('mints session tokens, plain and from a JWT template, and verifies one', async () => {
    const session = await newSession();
    const { jwt } = await s.sdk.sessions.createSessionToken({ session_id: session.id });
    expect(claimsOf(jwt!)).toMatchObject({ sid: session.id, sub: session.user_id });
    const name = `sdk-template-${s.dialect}`;
    await s.sdk.jwtTemplates.createJWTTemplate({ name, claims: { role: 'tester' } });
    const fromTemplate = await s.sdk.sessions.createSessionTokenFromTemplate({
      session_id: session.id,
      template_name: name,
    });
    expect(claimsOf(fromTemplate.jwt!)).toMatchObject({ role: 'tester', sub: session.user_id });
    // Deprecated, still served: the session a token belongs to.
    const verified = await s.sdk.sessions.verifySession({ session_id: session.id, token: jwt! });
    expect([verified.id, verified.status]).toEqual([session.id, 'active']);
    await expectClerkError(
      s.sdk.sessions.verifySession({ session_id: session.id, token: 'not a jwt' }),
      401,
      'token_invalid',
    );
  });

  it('refreshes a session from its expired token and refresh token', async () => {
    const now = Date.UTC(2026, 8, 1);
    s.t.clock.set(now);
    try {
      const session = await newSession();
      const refreshToken = await issueRefreshToken(scope(), session.id);
      const { jwt: expired } = await s.sdk.sessions.createSessionToken({ session_id: session.id });
      s.t.clock.set(now + 10 * MINUTE);
      const fresh = await s.sdk.sessions.refreshSession({
        session_id: session.id,
        expired_token: expired!,
        refresh_token: refreshToken,
        request_origin: 'https://app.example.com',
      });
      const jwt = fresh.object === 'token' ? fresh.jwt : undefined;
      expect(jwt, 'a token, not cookies').toBeDefined();
      expect(claimsOf(jwt!)).toMatchObject({
        sid: session.id,
        iat: Math.floor((now + 10 * MINUTE) / 1000),
      });
    } finally {
      s.t.clock.useRealTime();
    }
  });

  it('reads, lists and verifies clients', async () => {
    const session = await newSession();
    const client = await s.sdk.clients.getClient({ client_id: session.client_id });
    expect([client.id, client.session_ids]).toEqual([session.client_id, [session.id]]);
    const listed = await s.sdk.clients.getClientList({});
    expect(listed.map((c) => c.id)).toContain(session.client_id);
    const token = await issueClientToken(scope(), session.client_id);
    expect((await s.sdk.clients.verifyClient({ token })).id).toBe(session.client_id);
    await expectClerkError(s.sdk.clients.verifyClient({ token: 'nope' }), 401, 'token_invalid');
  });

  it('publishes the JWKS that signs session tokens', async () => {
    const session = await newSession();
    const { jwt } = await s.sdk.sessions.createSessionToken({ session_id: session.id });
    const { kid } = JSON.parse(Buffer.from(jwt!.split('.')[0]!, 'base64url').toString());
    const jwks = await s.sdk.jwks.getJWKS();
    expect(jwks.keys?.map((k) => k.kid)).toContain(kid);
  });
});

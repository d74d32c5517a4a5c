import { beforeAll, describe, expect, it } from 'vitest';
import { openClient } from '../../src/clients/client-writes.js';
import { runWrite } from '../../src/platform/write.js';
import { startSession } from '../../src/sessions/session-start.js';
import { issueRefreshToken } from '../../src/sessions/session-token-service.js';
import { createTestUser } from '../helpers/users.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import {
  createUserSession,
  scopeOf,
  setSessionSettings,
  verifiedClaims,
} from './session-helpers.js';

const MINUTE = 60_000;

describe.each(testDialects())('session tokens (%s)', (dialect) => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  describe('POST /v1/sessions/{id}/tokens', () => {
    it("mints an RS256 token with Clerk's v2 claims, signed by a key of the JWKS", async () => {
      const now = Date.UTC(2026, 4, 1, 12);
      t.clock.set(now);
      const { user, session } = await createUserSession(t);
      t.clock.set(now + 3 * MINUTE + 500);
      const token = await t.api.ok('CreateSessionToken', { params: { session_id: session.id } });
      expect(token.object).toBe('token');
      const { header, claims } = await verifiedClaims(t, token.jwt!);
      expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
      const iat = Math.floor((now + 3 * MINUTE) / 1000);
      expect(claims).toEqual({
        sub: user.id,
        sid: session.id,
        iss: `https://${t.instance.frontendApi}`,
        iat,
        nbf: iat - 10,
        exp: iat + 60,
        v: 2,
        fva: [3, -1],
        sts: 'active',
      });
      t.clock.useRealTime();
    });

    it('carries the actor of an impersonation session as act', async () => {
      const user = await createTestUser(t.api);
      const scope = scopeOf(t);
      const actor = { sub: 'user_admin', iss: 'https://dashboard.example.com' };
      const { session } = await runWrite(scope, async (tx) =>
        startSession(scope, tx, { clientId: await openClient(tx), userId: user.id, actor }),
      );
      expect(session.actor).toEqual(actor);
      const { jwt } = await t.api.ok('CreateSessionToken', { params: { session_id: session.id } });
      const { claims } = await verifiedClaims(t, jwt!);
      expect(claims.act).toEqual(actor);
      expect(claims.sub).toBe(user.id);
      expect((await t.api.ok('GetSession', { params: { session_id: session.id } })).actor).toEqual(
        actor,
      );
    });

    it('honours expires_in_seconds within 30..315360000', async () => {
      const { session } = await createUserSession(t);
      const params = { session_id: session.id };
      const long = await t.api.ok('CreateSessionToken', {
        params,
        body: { expires_in_seconds: 315360000 },
      });
      const { claims } = await verifiedClaims(t, long.jwt!);
      expect(claims.exp - claims.iat).toBe(315360000);
      const short = await t.api.ok('CreateSessionToken', {
        params,
        body: { expires_in_seconds: 30 },
      });
      expect((await verifiedClaims(t, short.jwt!)).claims.exp - claims.iat).toBeLessThanOrEqual(31);
      for (const bad of [29, 315360001, 'sixty', 1.5]) {
        await t.api.fail(
          'CreateSessionToken',
          { params, rawBody: { expires_in_seconds: bad } },
          422,
        );
      }
      const nulled = await t.api.ok('CreateSessionToken', {
        params,
        body: { expires_in_seconds: null },
      });
      const n = (await verifiedClaims(t, nulled.jwt!)).claims;
      expect(n.exp - n.iat).toBe(60);
    });

    it('uses the instance token lifetime by default', async () => {
      const fresh = await useTestInstance(dialect);
      await setSessionSettings(fresh, { token_lifetime_seconds: 20 });
      const { session } = await createUserSession(fresh);
      const token = await fresh.api.ok('CreateSessionToken', {
        params: { session_id: session.id },
      });
      const { claims } = await verifiedClaims(fresh, token.jwt!);
      expect(claims.exp - claims.iat).toBe(20);
    });

    it('refuses revoked, ended and expired sessions with signed_out, and unknown ones with 404', async () => {
      const { session } = await createUserSession(t);
      await t.api.ok('RevokeSession', { params: { session_id: session.id } });
      const error = await t.api.fail(
        'CreateSessionToken',
        { params: { session_id: session.id } },
        401,
        'signed_out',
      );
      expect(error.errors[0]?.long_message).toContain('revoked');

      const now = Date.UTC(2026, 5, 1);
      t.clock.set(now);
      const { session: old } = await createUserSession(t);
      t.clock.set(now + 8 * 24 * 60 * MINUTE);
      const expired = await t.api.fail(
        'CreateSessionToken',
        { params: { session_id: old.id } },
        401,
        'signed_out',
      );
      expect(expired.errors[0]?.long_message).toContain('expired');
      t.clock.useRealTime();
      await t.api.fail(
        'CreateSessionToken',
        { params: { session_id: 'sess_unknown' } },
        404,
        'resource_not_found',
      );
    });

    it('records activity at most once a minute, on the session and the user', async () => {
      const fresh = await useTestInstance(dialect);
      await setSessionSettings(fresh, { inactivity_timeout_seconds: 3600 });
      const now = Date.UTC(2026, 6, 1);
      fresh.clock.set(now);
      const { user, session } = await createUserSession(fresh);
      const params = { session_id: session.id };
      const read = () => fresh.api.ok('GetSession', { params });
      fresh.clock.set(now + 59_000);
      await fresh.api.ok('CreateSessionToken', { params });
      expect((await read()).last_active_at).toBe(now);
      fresh.clock.set(now + 61_000);
      await fresh.api.ok('CreateSessionToken', { params });
      const touched = await read();
      expect(touched.last_active_at).toBe(now + 61_000);
      expect(touched.abandon_at).toBe(now + 61_000 + 3_600_000);
      expect(touched.updated_at).toBe(now);
      const u = await fresh.api.ok('GetUser', { params: { user_id: user.id } });
      expect(u.last_active_at).toBe(now + 61_000);
      expect(u.last_sign_in_at).toBe(now);
      // An inactive session is abandoned, and then gets no token.
      fresh.clock.set(now + 61_000 + 3_600_000);
      expect((await read()).status).toBe('abandoned');
      await fresh.api.fail('CreateSessionToken', { params }, 401, 'signed_out');
      fresh.clock.useRealTime();
    });
  });

  describe('POST /v1/sessions/{id}/verify', () => {
    it('answers the session for its own valid token', async () => {
      const { session } = await createUserSession(t);
      const params = { session_id: session.id };
      const { jwt } = await t.api.ok('CreateSessionToken', { params });
      expect(await t.api.ok('VerifySession', { params, body: { token: jwt } })).toMatchObject({
        id: session.id,
        status: 'active',
      });
    });

    it('refuses tokens of another session, expired, tampered or foreign, and a missing token', async () => {
      const { session } = await createUserSession(t);
      const { session: other } = await createUserSession(t);
      const params = { session_id: session.id };
      const { jwt: otherJwt } = await t.api.ok('CreateSessionToken', {
        params: { session_id: other.id },
      });
      await t.api.fail(
        'VerifySession',
        { params, body: { token: otherJwt! } },
        401,
        'token_invalid',
      );
      const now = Date.UTC(2026, 7, 1);
      t.clock.set(now);
      const { jwt } = await t.api.ok('CreateSessionToken', { params });
      t.clock.set(now + 66_000);
      await t.api.fail('VerifySession', { params, body: { token: jwt! } }, 401, 'token_invalid');
      t.clock.useRealTime();
      const [h, p, s] = jwt!.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: 9e9 })).toString('base64url')}.${s}`;
      await t.api.fail('VerifySession', { params, body: { token: forged } }, 401, 'token_invalid');
      const foreign = await useTestInstance(dialect);
      const { session: theirs } = await createUserSession(foreign);
      const { jwt: theirJwt } = await foreign.api.ok('CreateSessionToken', {
        params: { session_id: theirs.id },
      });
      await t.api.fail(
        'VerifySession',
        { params, body: { token: theirJwt! } },
        401,
        'token_invalid',
      );
      for (const token of ['', 'a.b.c', 'not a jwt', `${h}.${p}`]) {
        await t.api.fail('VerifySession', { params, body: { token } }, 401, 'token_invalid');
      }
      await t.api.fail('VerifySession', { params, body: {} }, 422, 'form_param_missing');
    });

    it('refuses a valid token once the session is revoked', async () => {
      const { session } = await createUserSession(t);
      const params = { session_id: session.id };
      const { jwt } = await t.api.ok('CreateSessionToken', { params });
      await t.api.ok('RevokeSession', { params });
      await t.api.fail('VerifySession', { params, body: { token: jwt! } }, 401, 'signed_out');
    });
  });

  describe('POST /v1/sessions/{id}/refresh', () => {
    const origin = 'https://app.example.com';

    it('mints a new token from an expired one and the refresh token, as token or cookies', async () => {
      const now = Date.UTC(2026, 8, 1);
      t.clock.set(now);
      const { session } = await createUserSession(t);
      const params = { session_id: session.id };
      const refreshToken = await issueRefreshToken(scopeOf(t), session.id);
      const { jwt: expired } = await t.api.ok('CreateSessionToken', { params });
      t.clock.set(now + 10 * MINUTE);
      const body = { expired_token: expired!, refresh_token: refreshToken, request_origin: origin };
      const fresh = await t.api.ok('RefreshSession', { params, body });
      expect(fresh.object).toBe('token');
      const { claims } = await verifiedClaims(t, (fresh as any).jwt);
      expect(claims).toMatchObject({
        sid: session.id,
        azp: origin,
        iat: Math.floor((now + 10 * MINUTE) / 1000),
      });
      const cookies = await t.api.ok('RefreshSession', {
        params,
        body: { ...body, format: 'cookie' },
      });
      expect(cookies.object).toBe('cookies');
      const directives = (cookies as any).cookies as string[];
      expect(directives).toHaveLength(2);
      expect(directives[0]).toMatch(/^__session=eyJ[^;]+; Path=\/; SameSite=Lax$/);
      expect(directives[1]).toMatch(/^__session_[A-Za-z0-9_-]{8}=eyJ/);
      t.clock.useRealTime();
    });

    it('answers 401 for a wrong refresh token, a foreign token, another origin or an ended session', async () => {
      const { session } = await createUserSession(t);
      const { session: other } = await createUserSession(t);
      const params = { session_id: session.id };
      const refreshToken = await issueRefreshToken(scopeOf(t), session.id);
      const { jwt } = await t.api.ok('CreateSessionToken', { params });
      const body = { expired_token: jwt!, refresh_token: refreshToken, request_origin: origin };
      await t.api.fail(
        'RefreshSession',
        { params, body: { ...body, refresh_token: 'wrong' } },
        401,
        'refresh_token_invalid',
      );
      const { jwt: otherJwt } = await t.api.ok('CreateSessionToken', {
        params: { session_id: other.id },
      });
      await t.api.fail(
        'RefreshSession',
        { params, body: { ...body, expired_token: otherJwt! } },
        401,
        'token_invalid',
      );
      await t.api.fail(
        'RefreshSession',
        { params, body: { ...body, expired_token: 'x' } },
        401,
        'token_invalid',
      );
      // A token issued to an origin refreshes only for that origin.
      const withOrigin = await t.api.ok('RefreshSession', { params, body });
      await t.api.fail(
        'RefreshSession',
        {
          params,
          body: {
            ...body,
            expired_token: (withOrigin as any).jwt,
            request_origin: 'https://evil.example',
          },
        },
        401,
        'token_invalid',
      );
      // A session without a refresh token cannot be refreshed.
      const { jwt: otherToken } = await t.api.ok('CreateSessionToken', {
        params: { session_id: other.id },
      });
      await t.api.fail(
        'RefreshSession',
        { params: { session_id: other.id }, body: { ...body, expired_token: otherToken! } },
        401,
        'refresh_token_invalid',
      );
      await t.api.ok('RevokeSession', { params });
      await t.api.fail('RefreshSession', { params, body }, 401, 'signed_out');
      await t.api.fail('RefreshSession', { params: { session_id: 'sess_x' }, body }, 404);
      await t.api.fail('RefreshSession', { params, body: { expired_token: jwt! } as never }, 422);
    });

    it('a new refresh token replaces the old one; a refresh token is only for an active session', async () => {
      const { session } = await createUserSession(t);
      const params = { session_id: session.id };
      const first = await issueRefreshToken(scopeOf(t), session.id);
      const second = await issueRefreshToken(scopeOf(t), session.id);
      const { jwt } = await t.api.ok('CreateSessionToken', { params });
      const body = { expired_token: jwt!, request_origin: origin };
      await t.api.fail('RefreshSession', { params, body: { ...body, refresh_token: first } }, 401);
      await t.api.ok('RefreshSession', { params, body: { ...body, refresh_token: second } });
      await t.api.ok('RevokeSession', { params });
      await expect(issueRefreshToken(scopeOf(t), session.id)).rejects.toMatchObject({
        status: 401,
      });
    });
  });
});

import { verifyToken as clerkVerifyToken } from '@clerk/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CastellanError,
  TokenVerificationError,
  verifyToken,
  type VerifyTokenOptions,
} from '../../src/index.js';
import { findSessionById } from '../../../server/src/sessions/session-store.js';
import { signSessionToken } from '../../../server/src/sessions/session-tokens.js';
import { scopeOf } from '../../../server/test/sessions/session-helpers.js';
import { testDialects } from '../../../server/test/helpers/test-server.js';
import { useSdk, type SdkSuite } from '../sdk-helpers.js';
import { createTestKey, freshClaims, pemOf, scriptedJwks, signJwt } from './jwt-fixtures.js';

const MINUTE = 60_000;
// A key no JWKS of these tests serves (made once: RSA key generation takes a while).
const stranger = createTestKey('ins_stranger');

/** The reason `verify` refused the token with, or `'accepted'`. */
async function outcome(verify: Promise<unknown>): Promise<string> {
  return verify.then(
    () => 'accepted',
    (error: unknown) => (error as { reason?: string }).reason ?? String(error),
  );
}

describe.each(testDialects())('verifyToken against Castellan tokens (%s)', (dialect) => {
  let suite: SdkSuite;
  let sessionId: string;
  let byJwks: VerifyTokenOptions;
  let byPem: VerifyTokenOptions;
  let clerkByApi: { secretKey: string; apiUrl: string };

  let users = 0;
  async function newSessionId(): Promise<string> {
    const user = await suite.sdk.users.createUser({
      username: `signed_in_${++users}`,
      skip_password_requirement: true,
    });
    return (await suite.sdk.sessions.createSession({ user_id: user.id })).id;
  }

  /** A session token of a new session, minted with the server's clock `shiftMs` away. */
  async function sessionToken(shiftMs = 0): Promise<string> {
    const { clock } = suite.instance;
    clock.set(Date.now() + shiftMs);
    try {
      const { jwt } = await suite.sdk.sessions.createSessionToken({
        session_id: await newSessionId(),
      });
      return jwt!;
    } finally {
      clock.useRealTime();
    }
  }

  /** Both verifiers' outcomes for `token`, with the JWKS and with the PEM key. */
  async function outcomes(token: string, extra: Partial<VerifyTokenOptions> = {}) {
    const { authorizedParties, clockSkewInMs } = extra;
    const clerkExtra = {
      ...(authorizedParties ? { authorizedParties: [...authorizedParties] } : {}),
      ...(clockSkewInMs === undefined ? {} : { clockSkewInMs }),
    };
    return {
      jwks: await outcome(verifyToken(token, { ...byJwks, ...extra })),
      pem: await outcome(verifyToken(token, { ...byPem, ...extra })),
      clerk: await outcome(clerkVerifyToken(token, { ...clerkByApi, ...clerkExtra })),
      clerkPem: await outcome(clerkVerifyToken(token, { jwtKey: byPem.jwtKey!, ...clerkExtra })),
    };
  }
  const every = (result: string) => ({
    jwks: result,
    pem: result,
    clerk: result,
    clerkPem: result,
  });

  beforeAll(async () => {
    suite = await useSdk(dialect);
    const { secretKey } = suite.instance;
    byJwks = { jwksUrl: `${suite.serverURL}/jwks`, secretKey };
    const { keys = [] } = await suite.sdk.jwks.getJWKS();
    byPem = { jwtKey: pemOf(keys[0] as Record<string, unknown>) };
    clerkByApi = { secretKey, apiUrl: suite.serverURL.replace(/\/v1$/, '') };
    sessionId = await newSessionId();
  });

  it('returns the claims of a session token, as @clerk/backend does', async () => {
    const { jwt } = await suite.sdk.sessions.createSessionToken({ session_id: sessionId });
    const payload = await verifyToken(jwt!, byJwks);
    expect(payload).toMatchObject({ sid: sessionId, v: 2 });
    expect(payload.sub).toMatch(/^user_/);
    expect(await verifyToken(jwt!, byPem)).toEqual(payload);
    expect(await clerkVerifyToken(jwt!, clerkByApi)).toEqual(payload);
  });

  it('refuses an expired token with token-expired', async () => {
    expect(await outcomes(await sessionToken(-10 * MINUTE))).toEqual(every('token-expired'));
  });

  it('accepts a token expired within clockSkewInMs (default 5 s), and not without the skew', async () => {
    // Lifetime 60 s and `exp` rounded down to the second: expired 2 to 3 s ago.
    const token = await sessionToken(-62_000);
    expect(await outcomes(token)).toEqual(every('accepted'));
    expect(await outcomes(token, { clockSkewInMs: 0 })).toEqual(every('token-expired'));
  });

  it('refuses a token of the future with token-not-active-yet', async () => {
    expect(await outcomes(await sessionToken(10 * MINUTE))).toEqual(every('token-not-active-yet'));
  });

  it('refuses a token whose claims were changed with token-invalid-signature', async () => {
    const { jwt } = await suite.sdk.sessions.createSessionToken({ session_id: sessionId });
    const [header, payload, signature] = jwt!.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'user_admin' })).toString(
      'base64url',
    );
    expect(await outcomes(`${header}.${forged}.${signature}`)).toEqual(
      every('token-invalid-signature'),
    );
  });

  it('checks azp against authorizedParties when given', async () => {
    const scope = scopeOf(suite.instance);
    const row = await findSessionById(scope.db, scope.instanceId, sessionId);
    const token = await signSessionToken(scope, row!, {
      now: Date.now(),
      lifetimeSeconds: 60,
      azp: 'https://app.example.com',
    });
    expect(await outcomes(token, { authorizedParties: ['https://app.example.com'] })).toEqual(
      every('accepted'),
    );
    expect(await outcomes(token, { authorizedParties: ['https://evil.example.com'] })).toEqual(
      every('token-invalid-authorized-parties'),
    );
    // The Backend API's tokens carry no azp: refused when parties are required.
    const { jwt } = await suite.sdk.sessions.createSessionToken({ session_id: sessionId });
    expect(await outcomes(jwt!, { authorizedParties: ['https://app.example.com'] })).toEqual(
      every('token-invalid-authorized-parties'),
    );
  });

  it("refuses a token signed by a key not in the instance's JWKS with jwk-kid-mismatch", async () => {
    const token = signJwt(stranger, freshClaims());
    expect(await outcome(verifyToken(token, byJwks))).toBe('jwk-kid-mismatch');
    expect(await outcome(clerkVerifyToken(token, clerkByApi))).toBe('jwk-kid-mismatch');
  });

  it('refuses with jwk-remote-failed-to-load when the JWKS does not load', async () => {
    const token = signJwt(stranger, freshClaims());
    const wrongKey = { ...byJwks, secretKey: 'sk_test_wrong' };
    expect(await outcome(verifyToken(token, wrongKey))).toBe('jwk-remote-failed-to-load');
  });
});

describe('verifyToken', () => {
  const key = createTestKey('ins_a');

  it('throws TokenVerificationError, a CastellanError', async () => {
    const error = await verifyToken('not-a-jwt', { jwtKey: pemOf(key.jwk) }).catch((e) => e);
    expect(error).toBeInstanceOf(TokenVerificationError);
    expect(error).toBeInstanceOf(CastellanError);
    expect(error).toMatchObject({ name: 'TokenVerificationError', reason: 'token-invalid' });
    const part = (json: string) => Buffer.from(json).toString('base64url');
    const nullClaims = `${part('{"alg":"RS256"}')}.${part('null')}.${part('sig')}`;
    expect(await outcome(verifyToken(nullClaims, { jwtKey: pemOf(key.jwk) }))).toBe(
      'token-invalid',
    );
  });

  it.each([
    ['HS256', { alg: 'HS256' }],
    ['none', { alg: 'none' }],
  ])('refuses alg %s with token-invalid-algorithm', async (_alg, header) => {
    const token = signJwt(key, freshClaims(), header);
    expect(await outcome(verifyToken(token, { jwtKey: pemOf(key.jwk) }))).toBe(
      'token-invalid-algorithm',
    );
  });

  it.each([
    ['without sub', { sub: undefined }, 'token-verification-failed'],
    ['without exp', { exp: undefined }, 'token-verification-failed'],
    [
      'issued in the future',
      { iat: Math.floor(Date.now() / 1000) + 600, nbf: undefined },
      'token-iat-in-the-future',
    ],
  ])('refuses a token %s', async (_title, claims, reason) => {
    const token = signJwt(key, freshClaims(claims));
    expect(await outcome(verifyToken(token, { jwtKey: pemOf(key.jwk) }))).toBe(reason);
  });

  it('refuses with jwk-failed-to-resolve when given neither jwtKey nor jwksUrl', async () => {
    expect(await outcome(verifyToken(signJwt(key, freshClaims()), {}))).toBe(
      'jwk-failed-to-resolve',
    );
  });

  describe('with a jwksUrl', () => {
    it('fetches the JWKS once and verifies from the cache until the TTL', async () => {
      const jwks = scriptedJwks(() => [key]);
      const options = { jwksUrl: jwks.url, fetch: jwks.fetch };
      const token = signJwt(key, freshClaims());
      await Promise.all([1, 2, 3].map(() => verifyToken(token, options)));
      await verifyToken(token, options);
      expect(jwks.fetches).toBe(1);
      await verifyToken(token, { ...options, jwksCacheTtlInMs: 0 });
      expect(jwks.fetches).toBe(2);
    });

    it('fetches the JWKS again, once, for a kid it does not know', async () => {
      const rotated = createTestKey('ins_b');
      let served = [key];
      const jwks = scriptedJwks(() => served);
      const options = { jwksUrl: jwks.url, fetch: jwks.fetch };
      await verifyToken(signJwt(key, freshClaims()), options);
      served = [key, rotated];
      expect((await verifyToken(signJwt(rotated, freshClaims()), options)).sub).toBe('user_test');
      expect(jwks.fetches).toBe(2);

      const unknown = signJwt(stranger, freshClaims());
      expect(await outcome(verifyToken(unknown, options))).toBe('jwk-kid-mismatch');
      expect(jwks.fetches).toBe(3);
    });

    it('refuses with jwk-remote-failed-to-load on an error answer or an empty JWKS', async () => {
      const token = signJwt(key, freshClaims());
      const failing = scriptedJwks(() => [key], 503);
      expect(
        await outcome(verifyToken(token, { jwksUrl: failing.url, fetch: failing.fetch })),
      ).toBe('jwk-remote-failed-to-load');
      const nothing = {
        jwksUrl: 'https://null-jwks.test/',
        fetch: async () => Response.json(null),
      };
      expect(await outcome(verifyToken(token, nothing))).toBe('jwk-remote-failed-to-load');
      const empty = scriptedJwks(() => []);
      expect(await outcome(verifyToken(token, { jwksUrl: empty.url, fetch: empty.fetch }))).toBe(
        'jwk-remote-failed-to-load',
      );
    });
  });
});

import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** An RSA key pair of the test's own, to sign tokens no server issued. */
export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function createTestKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256' } };
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT of `claims`, signed RS256 by `key` (the header may be overridden). */
export function signJwt(
  key: TestKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const signed = `${part({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${part(claims)}`;
  const signature = sign('sha256', Buffer.from(signed), key.privateKey).toString('base64url');
  return `${signed}.${signature}`;
}

/** Claims valid for a minute from now. */
export function freshClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return { sub: 'user_test', iat, nbf: iat - 10, exp: iat + 60, ...extra };
}

/** The PEM (SPKI) form of a JWK: what the dashboard shows as the JWT public key. */
export function pemOf(jwk: Record<string, unknown>): string {
  return createPublicKey({ key: jwk as never, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/**
 * A JWKS endpoint of the test's own, as a `fetch`: answers `keys()` and counts its calls.
 * Every instance has a URL of its own, so the verifier's cache starts cold for it.
 */
let endpoints = 0;
export function scriptedJwks(keys: () => TestKey[], status = 200) {
  const endpoint = {
    url: `https://jwks-${++endpoints}.test/.well-known/jwks.json`,
    fetches: 0,
    fetch: async (request: Request) => {
      endpoint.fetches += 1;
      if (request.url !== endpoint.url) throw new Error(`unexpected ${request.url}`);
      return Response.json({ keys: keys().map((k) => k.jwk) }, { status });
    },
  };
  return endpoint;
}

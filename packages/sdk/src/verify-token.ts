import { CastellanError } from './core/errors.js';

/** Why a token was refused: the reasons (and codes) of @clerk/backend's `verifyToken`. */
export type TokenVerificationErrorReason =
  | 'token-invalid'
  | 'token-invalid-algorithm'
  | 'token-invalid-signature'
  | 'token-expired'
  | 'token-not-active-yet'
  | 'token-iat-in-the-future'
  | 'token-invalid-authorized-parties'
  | 'token-verification-failed'
  | 'jwk-kid-mismatch'
  | 'jwk-remote-failed-to-load'
  | 'jwk-failed-to-resolve';

/** A session token `verifyToken` refused; `reason` says why. */
export class TokenVerificationError extends CastellanError {
  readonly reason: TokenVerificationErrorReason;

  constructor(
    reason: TokenVerificationErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.reason = reason;
  }
}

export interface VerifyTokenOptions {
  /**
   * Where the signing keys are: the Backend API's `https://api.clerk.com/v1/jwks` (with
   * `secretKey`) or the Frontend API's `https://<frontend api>/.well-known/jwks.json`.
   */
  jwksUrl?: string;
  /** Sent as `Authorization: Bearer` to `jwksUrl`: the Backend API asks for it. */
  secretKey?: string;
  /** The instance's PEM public key: verifies without any request. Wins over `jwksUrl`. */
  jwtKey?: string;
  /** The origins the token may have been minted for (its `azp`); unchecked when absent. */
  authorizedParties?: readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`, in milliseconds (default 5000). */
  clockSkewInMs?: number;
  /** How long keys fetched from `jwksUrl` are trusted (default 5 minutes, as @clerk/backend). */
  jwksCacheTtlInMs?: number;
  /** Fetches the JWKS (default: the global `fetch`). */
  fetch?: (input: Request) => Promise<Response>;
}

/** The claims of a verified session token; templates may add any others. */
export interface SessionTokenPayload {
  sub: string;
  exp: number;
  iat?: number;
  nbf?: number;
  iss?: string;
  sid?: string;
  azp?: string;
  [claim: string]: unknown;
}

// Neither the DOM's nor Node's global type names: the SDK compiles against both.
type VerifyKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
interface Jwk {
  kid?: unknown;
  kty?: unknown;
  n?: unknown;
  e?: unknown;
}

const DEFAULT_CLOCK_SKEW_MS = 5_000;
const DEFAULT_JWKS_CACHE_TTL_MS = 5 * 60_000;
const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/**
 * Verifies a Clerk session token (an RS256 JWT) and returns its claims: the signature against
 * `jwtKey`, or the key of the token's `kid` in the JWKS at `jwksUrl`; then `exp`, `nbf` and
 * `iat` within `clockSkewInMs`, and `azp` against `authorizedParties` when given. Throws a
 * {@link TokenVerificationError} whose `reason` says what failed.
 */
export async function verifyToken(
  token: string,
  options: VerifyTokenOptions,
): Promise<SessionTokenPayload> {
  const jwt = decodeJwt(token);
  const { typ, alg, kid } = jwt.header;
  if (typ !== undefined && typ !== 'JWT') {
    throw new TokenVerificationError('token-invalid', `Invalid JWT type ${JSON.stringify(typ)}.`);
  }
  if (alg !== 'RS256') {
    throw new TokenVerificationError(
      'token-invalid-algorithm',
      `Invalid JWT algorithm ${JSON.stringify(alg)}; session tokens are RS256.`,
    );
  }
  const key = await verificationKey(typeof kid === 'string' ? kid : '', options);
  const signed = new TextEncoder().encode(jwt.signedPart);
  if (!(await crypto.subtle.verify(RS256, key, jwt.signature, signed))) {
    throw new TokenVerificationError('token-invalid-signature', 'JWT signature is invalid.');
  }
  assertClaims(jwt.payload, options);
  return jwt.payload as SessionTokenPayload;
}

interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: Uint8Array<ArrayBuffer>;
  signedPart: string;
}

function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new TokenVerificationError(
      'token-invalid',
      'Invalid JWT: not three dot-separated parts.',
    );
  }
  const [header, payload, signature] = parts as [string, string, string];
  try {
    return {
      header: jsonObjectOf(header),
      payload: jsonObjectOf(payload),
      signature: base64UrlToBytes(signature),
      signedPart: `${header}.${payload}`,
    };
  } catch (cause) {
    throw new TokenVerificationError('token-invalid', 'Invalid JWT: a part does not decode.', {
      cause,
    });
  }
}

function jsonObjectOf(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder().decode(base64UrlToBytes(part)));
  if (typeof value !== 'object' || value === null) throw new TypeError('not a JSON object');
  return value as Record<string, unknown>;
}

function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function assertClaims(claims: Record<string, unknown>, options: VerifyTokenOptions): void {
  if (typeof claims.sub !== 'string') {
    throw new TokenVerificationError('token-verification-failed', 'The sub claim is missing.');
  }
  const { authorizedParties } = options;
  if (authorizedParties?.length && !authorizedParties.includes(claims.azp as string)) {
    throw new TokenVerificationError(
      'token-invalid-authorized-parties',
      `Invalid azp ${JSON.stringify(claims.azp)}; expected one of ${JSON.stringify(authorizedParties)}.`,
    );
  }
  const skew = options.clockSkewInMs ?? DEFAULT_CLOCK_SKEW_MS;
  const now = Date.now();
  const exp = timeClaim(claims, 'exp', true);
  if (exp !== undefined && exp <= now - skew) {
    throw new TokenVerificationError('token-expired', `JWT expired at ${isoDate(exp)}.`);
  }
  const nbf = timeClaim(claims, 'nbf', false);
  if (nbf !== undefined && nbf > now + skew) {
    throw new TokenVerificationError('token-not-active-yet', `JWT is valid from ${isoDate(nbf)}.`);
  }
  const iat = timeClaim(claims, 'iat', false);
  if (iat !== undefined && iat > now + skew) {
    throw new TokenVerificationError('token-iat-in-the-future', `JWT issued at ${isoDate(iat)}.`);
  }
}

/** A NumericDate claim, in milliseconds. */
function timeClaim(claims: Record<string, unknown>, name: string, required: boolean) {
  const seconds = claims[name];
  if (seconds === undefined && !required) return undefined;
  if (typeof seconds !== 'number') {
    throw new TokenVerificationError('token-verification-failed', `Invalid ${name} claim.`);
  }
  return seconds * 1000;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

function verificationKey(kid: string, options: VerifyTokenOptions): Promise<VerifyKey> {
  if (options.jwtKey) return keyOfPem(options.jwtKey);
  if (options.jwksUrl) return keyOfJwks(kid, options.jwksUrl, options);
  return Promise.reject(
    new TokenVerificationError('jwk-failed-to-resolve', 'Give verifyToken a jwtKey or a jwksUrl.'),
  );
}

// Imported keys, kept: importing is most of the cost of a verification.
const pemKeys = new Map<string, Promise<VerifyKey>>();

function keyOfPem(pem: string): Promise<VerifyKey> {
  let key = pemKeys.get(pem);
  if (!key) {
    key = (async () => {
      try {
        const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s/g, '');
        const der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
        return await crypto.subtle.importKey('spki', der, RS256, false, ['verify']);
      } catch (cause) {
        pemKeys.delete(pem);
        throw new TokenVerificationError(
          'token-verification-failed',
          'jwtKey is not an RSA public key in PEM (SPKI).',
          { cause },
        );
      }
    })();
    pemKeys.set(pem, key);
  }
  return key;
}

interface CachedJwks {
  fetchedAt: number;
  keys: Map<string, Promise<VerifyKey>>;
}

// Per JWKS URL and secret key (the Backend API answers each instance's own keys). A fetch
// under way is shared by every verification waiting for it.
const jwksCache = new Map<string, CachedJwks>();
const jwksFetches = new Map<string, Promise<CachedJwks>>();

async function keyOfJwks(
  kid: string,
  url: string,
  options: VerifyTokenOptions,
): Promise<VerifyKey> {
  const cacheKey = `${url} ${options.secretKey ?? ''}`;
  const ttl = options.jwksCacheTtlInMs ?? DEFAULT_JWKS_CACHE_TTL_MS;
  let jwks = jwksCache.get(cacheKey);
  // A kid the cache does not know may be a key rotated in since: fetch once more.
  if (!jwks || Date.now() - jwks.fetchedAt >= ttl || !jwks.keys.has(kid)) {
    let fetching = jwksFetches.get(cacheKey);
    if (!fetching) {
      fetching = fetchJwks(url, options).finally(() => jwksFetches.delete(cacheKey));
      jwksFetches.set(cacheKey, fetching);
    }
    jwks = await fetching;
    jwksCache.set(cacheKey, jwks);
  }
  const key = jwks.keys.get(kid);
  if (!key) {
    throw new TokenVerificationError(
      'jwk-kid-mismatch',
      `No key of the JWKS at ${url} has the token's kid ${JSON.stringify(kid)}.`,
    );
  }
  return key;
}

async function fetchJwks(url: string, options: VerifyTokenOptions): Promise<CachedJwks> {
  const failed = (message: string, cause?: unknown) =>
    new TokenVerificationError('jwk-remote-failed-to-load', message, { cause });
  const headers = options.secretKey ? { authorization: `Bearer ${options.secretKey}` } : undefined;
  let body: { keys?: unknown } | null;
  try {
    const response = await (options.fetch ?? fetch)(new Request(url, { headers }));
    if (!response.ok) throw failed(`The JWKS at ${url} answered ${response.status}.`);
    body = (await response.json()) as { keys?: unknown } | null;
  } catch (cause) {
    throw cause instanceof TokenVerificationError ? cause : failed(`No JWKS from ${url}.`, cause);
  }
  const keys = new Map<string, Promise<VerifyKey>>();
  for (const jwk of Array.isArray(body?.keys) ? (body.keys as Jwk[]) : []) {
    const { kid, kty, n, e } = jwk;
    if (
      typeof kid === 'string' &&
      kty === 'RSA' &&
      typeof n === 'string' &&
      typeof e === 'string'
    ) {
      keys.set(kid, importRsaJwk(kid, n, e));
    }
  }
  if (keys.size === 0) throw failed(`The JWKS at ${url} holds no RSA signing key.`);
  return { fetchedAt: Date.now(), keys };
}

function importRsaJwk(kid: string, n: string, e: string): Promise<VerifyKey> {
  const key = crypto.subtle
    .importKey('jwk', { kty: 'RSA', n, e }, RS256, false, ['verify'])
    .catch((cause: unknown) => {
      throw new TokenVerificationError(
        'token-verification-failed',
        `The JWKS key ${kid} is no RSA public key.`,
        { cause },
      );
    });
  // Awaited only by the verifications of this kid: a bad key must not fail the process.
  key.catch(() => undefined);
  return key;
}

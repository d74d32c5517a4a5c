import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { apiErrors } from '../errors/api-errors.js';
import { currentSigningKey } from '../instances/signing-key-service.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import {
  findApplicationByClientId,
  insertOAuthAccessToken,
  userExists,
} from './oauth-access-token-store.js';

/** `typ` of an OAuth access-token JWT (RFC 9068); `@clerk/backend` recognises it by this. */
export const OAUTH_JWT_TYPE = 'at+jwt';
/** Opaque tokens: `oat_` (what `@clerk/backend` takes for an OAuth token) + 64 hex digits. */
export const OPAQUE_TOKEN_SHAPE = /^oat_[0-9a-f]{64}$/;

export interface OAuthAccessTokenGrant {
  /** The OAuth application's `client_id` (of the transaction's instance). */
  clientId: string;
  /** The user who granted access. */
  userId: string;
  scopes: string[];
  /** Lifetime in seconds (default 3600). */
  secondsUntilExpiration?: number;
  /** `opaque` (default): `oat_…`, revocable; `jwt`: RS256 with the instance key, not revocable. */
  format?: 'opaque' | 'jwt';
}

export interface IssuedOAuthAccessToken {
  id: string;
  token: string;
  expiration: number;
}

/**
 * The one place OAuth access tokens are made. The OAuth token endpoint (authorization code,
 * refresh token) will call it inside its write once those flows exist; until then only tests
 * do. `issuer` gives the secrets (to open the signing key) and the instance (for `iss`).
 */
export async function issueOAuthAccessToken(
  tx: WriteTx,
  issuer: Pick<Scope, 'secrets' | 'instance'>,
  grant: OAuthAccessTokenGrant,
): Promise<IssuedOAuthAccessToken> {
  const application = await findApplicationByClientId(tx.db, tx.instanceId, grant.clientId);
  if (!application) throw apiErrors.notFound('oauth_application', grant.clientId);
  if (!(await userExists(tx.db, tx.instanceId, grant.userId))) {
    throw apiErrors.notFound('user', grant.userId);
  }
  const id = generateOAuthTokenId(tx.now);
  const lifetime = Math.max(1, Math.round(grant.secondsUntilExpiration ?? 3600));
  const expiration = tx.now + lifetime * 1000;
  const format = grant.format ?? 'opaque';
  let token: string;
  if (format === 'jwt') {
    const key = await currentSigningKey({
      db: tx.db,
      secrets: issuer.secrets,
      instanceId: tx.instanceId,
    });
    const iat = Math.floor(tx.now / 1000);
    token = await new SignJWT({
      iss: tokenIssuer(issuer.instance),
      sub: grant.userId,
      client_id: application.client_id,
      jti: id,
      scope: grant.scopes.join(' '),
      iat,
      nbf: iat,
      exp: iat + lifetime,
    })
      .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: OAUTH_JWT_TYPE })
      .sign(key.privateKey);
  } else {
    token = `oat_${randomBytes(32).toString('hex')}`;
  }
  await insertOAuthAccessToken(tx.db, {
    id,
    instance_id: tx.instanceId,
    oauth_application_id: application.id,
    client_id: application.client_id,
    user_id: grant.userId,
    scopes: grant.scopes.join(' '),
    format,
    token_hash: format === 'opaque' ? hashOAuthToken(token) : null,
    revoked: false,
    revocation_reason: null,
    expiration,
    created_at: tx.now,
    updated_at: tx.now,
  });
  return { id, token, expiration };
}

/** Opaque tokens are found by their SHA-256: 256 random bits leave nothing to search. */
export function hashOAuthToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function oauthDigestsEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

let sequence = 0;

/** `oat_` + 32 hex digits (the spec's pattern), time-ordered like M2M token IDs. */
function generateOAuthTokenId(nowMs: number): string {
  sequence = (sequence + 1) % 0x10000;
  const time = Math.floor(nowMs).toString(16).padStart(12, '0').slice(-12);
  return `oat_${time}${sequence.toString(16).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
}

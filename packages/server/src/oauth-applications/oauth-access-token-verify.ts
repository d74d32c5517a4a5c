import type { RequestBody, ResponseBody } from '@castellan/contract';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { getJwks } from '../instances/instance-service.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import {
  hashOAuthToken,
  OAUTH_JWT_TYPE,
  oauthDigestsEqual,
  OPAQUE_TOKEN_SHAPE,
} from './oauth-access-token-issue.js';
import {
  findOAuthAccessToken,
  findOAuthAccessTokenByHash,
  type OAuthAccessTokenRow,
} from './oauth-access-token-store.js';

type VerifiedOAuthAccessToken = ResponseBody<'verifyOAuthAccessToken', '200'>;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * `POST /oauth_applications/access_tokens/verify` (with and without `/v1`). An opaque
 * `oat_…` token is found by its SHA-256; a JWT by its signature with the instance's keys,
 * then by its `jti` (so a token whose application or user is gone is unknown). Unknown,
 * tampered, revoked and expired opaque tokens are 404, each its code (`@clerk/backend`
 * reports any 404 as an invalid token). An expired JWT answers the spec's `{ active: false }`.
 */
export async function verifyOAuthAccessToken(
  scope: Scope,
  body: RequestBody<'verifyOAuthAccessToken'>,
): Promise<VerifiedOAuthAccessToken> {
  const token = body.access_token ?? body.secret;
  if (token === undefined || token.trim() === '') throw apiErrors.oauthAccessTokenMissing();
  const now = scope.clock.now();
  if (JWT_SHAPE.test(token)) return verifyJwt(scope, token, now);
  if (!OPAQUE_TOKEN_SHAPE.test(token)) throw apiErrors.oauthAccessTokenNotFound();
  const hash = hashOAuthToken(token);
  const row = await findOAuthAccessTokenByHash(scope.db, scope.instanceId, hash);
  if (!row || row.token_hash === null || !oauthDigestsEqual(hash, row.token_hash)) {
    throw apiErrors.oauthAccessTokenNotFound();
  }
  if (toBool(row.revoked)) throw apiErrors.oauthAccessTokenRevoked(row.id);
  if (Number(row.expiration) <= now) throw apiErrors.oauthAccessTokenExpired(row.id);
  return toApi(row, now);
}

async function verifyJwt(
  scope: Scope,
  token: string,
  now: number,
): Promise<VerifiedOAuthAccessToken> {
  const keys = createLocalJWKSet(await getJwks(scope.db, scope.instanceId));
  let jti: unknown;
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: tokenIssuer(scope.instance),
      algorithms: ['RS256'],
      typ: OAUTH_JWT_TYPE,
      currentDate: new Date(now),
      clockTolerance: 5,
    });
    jti = payload.jti;
  } catch (error) {
    // The signature held but the time is past: the spec's answer for an inactive JWT.
    if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') return { active: false };
    throw apiErrors.oauthAccessTokenNotFound();
  }
  const row =
    typeof jti === 'string' ? await findOAuthAccessToken(scope.db, scope.instanceId, jti) : null;
  if (!row || row.format !== 'jwt') throw apiErrors.oauthAccessTokenNotFound();
  return toApi(row, now);
}

function toApi(row: OAuthAccessTokenRow, now: number): VerifiedOAuthAccessToken {
  const expiration = Number(row.expiration);
  return {
    object: 'clerk_idp_oauth_access_token',
    id: row.id,
    client_id: row.client_id,
    subject: row.user_id,
    scopes: row.scopes === '' ? [] : row.scopes.split(' '),
    revoked: toBool(row.revoked),
    revocation_reason: row.revocation_reason,
    expired: expiration <= now,
    expiration,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

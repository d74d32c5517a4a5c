import { createLocalJWKSet, jwtVerify } from 'jose';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { getJwks } from '../instances/instance-service.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { digestsEqual, hashCredential, lastUsedIsStale } from './machine-credentials.js';
import { findMachine } from './machine-store.js';
import {
  JWT_SHAPE,
  M2M_JWT_CATEGORY,
  m2mTokenToApi as toApi,
  RESERVED_CLAIMS,
  type M2MToken,
} from './m2m-token-mapper.js';
import { findM2MTokenByHash, updateM2MTokenRow } from './m2m-token-store.js';

/**
 * `POST /m2m_tokens/verify` with the instance key or a machine key. A machine key verifies
 * only tokens that grant access to its machine (it is in their `scopes`); other tokens are
 * not found, as unknown ones are. Revoked and expired tokens are refused (404, each its
 * code). Opaque tokens are found by hash; JWTs by signature with the instance's keys.
 */
export async function verifyM2MToken(scope: Scope, token: string): Promise<M2MToken> {
  const now = scope.clock.now();
  const verified = JWT_SHAPE.test(token)
    ? await verifyJwt(scope, token, now)
    : await verifyOpaque(scope, token, now);
  if (scope.machine && !(verified.scopes ?? []).includes(scope.machine.id)) {
    throw apiErrors.m2mTokenNotFound();
  }
  return verified;
}

async function verifyOpaque(scope: Scope, token: string, now: number): Promise<M2MToken> {
  const hash = hashCredential(token);
  const row = await findM2MTokenByHash(scope.db, scope.instanceId, hash);
  if (!row || row.token_hash === null || !digestsEqual(hash, row.token_hash)) {
    throw apiErrors.m2mTokenNotFound();
  }
  if (scope.machine && !parseJson<string[]>(row.scopes).includes(scope.machine.id)) {
    throw apiErrors.m2mTokenNotFound();
  }
  if (toBool(row.revoked)) throw apiErrors.m2mTokenRevoked(row.id);
  if (row.expiration !== null && Number(row.expiration) <= now) {
    throw apiErrors.m2mTokenExpired(row.id);
  }
  if (!lastUsedIsStale(row.last_used_at, now)) return toApi(row, now);
  await runWrite(scope, (tx) =>
    updateM2MTokenRow(tx.db, tx.instanceId, row.id, { last_used_at: tx.now }),
  );
  return toApi({ ...row, last_used_at: now }, now);
}

async function verifyJwt(scope: Scope, token: string, now: number): Promise<M2MToken> {
  const keys = createLocalJWKSet(await getJwks(scope.db, scope.instanceId));
  let payload: Record<string, unknown>;
  try {
    const result = await jwtVerify(token, keys, {
      issuer: tokenIssuer(scope.instance),
      algorithms: ['RS256'],
      currentDate: new Date(now),
      clockTolerance: 5,
    });
    if (result.protectedHeader.cat !== M2M_JWT_CATEGORY) throw new Error('not an M2M token');
    payload = result.payload as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') {
      throw apiErrors.m2mTokenExpired(String(decodeJti(token)));
    }
    throw apiErrors.m2mTokenNotFound();
  }
  const subject = String(payload.sub ?? '');
  if (!/^mch_\w{27}$/.test(subject) || !(await findMachine(scope.db, scope.instanceId, subject))) {
    throw apiErrors.m2mTokenNotFound();
  }
  const claims = Object.fromEntries(
    Object.entries(payload).filter(([name]) => !RESERVED_CLAIMS.has(name)),
  );
  const iat = Number(payload.iat) * 1000;
  return {
    object: 'machine_to_machine_token',
    id: String(payload.jti),
    subject,
    claims: Object.keys(claims).length > 0 ? claims : null,
    scopes:
      typeof payload.scopes === 'string' && payload.scopes !== '' ? payload.scopes.split(' ') : [],
    revoked: false,
    revocation_reason: null,
    expired: false,
    expiration: Number(payload.exp) * 1000,
    last_used_at: null,
    created_at: iat,
    updated_at: iat,
  };
}

function decodeJti(token: string): unknown {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    return (payload as { jti?: unknown }).jti ?? 'token';
  } catch {
    return 'token';
  }
}

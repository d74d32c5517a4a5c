import type { RequestBody, RequestQuery } from '@castellan/contract';
import { SignJWT } from 'jose';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { currentSigningKey } from '../instances/signing-key-service.js';
import { pageOf } from '../lists/list-params.js';
import { type Scope, tokenIssuer } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { generateHexId, generateOpaqueM2MToken, hashCredential } from './machine-credentials.js';
import { listScopedMachineIds, findMachine } from './machine-store.js';
import {
  type CreatedM2MToken,
  M2M_JWT_CATEGORY,
  m2mTokenToApi as toApi,
  RESERVED_CLAIMS,
  tokenLocation,
  type M2MToken,
} from './m2m-token-mapper.js';
import {
  countM2MTokenRows,
  findM2MToken,
  insertM2MToken,
  listM2MTokenRows,
  listReusableM2MTokens,
  updateM2MTokenRow,
  type M2MTokenRow,
} from './m2m-token-store.js';

/** `claims` must be a JSON object (or null: none). */
function claimsOf(input: unknown): Record<string, unknown> | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw apiErrors.paramValueInvalid('claims', 'must be a JSON object');
  }
  return input as Record<string, unknown>;
}

/** Canonical JSON (sorted keys), so reuse compares claims by value, not key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function callingMachine(scope: Scope): string {
  if (!scope.machine) throw apiErrors.machineSecretKeyRequired();
  return scope.machine.id;
}

/**
 * `POST /m2m_tokens` (machine secret key only): a token whose subject is the calling machine
 * and whose `scopes` are the machines it is scoped to now. Opaque tokens are stored by hash;
 * JWTs are signed with the instance's key (RS256, `kid`, verifiable from the JWKS) and not
 * stored, as the spec says. `min_remaining_ttl_seconds` hands out a live opaque token with
 * the same claims and scopes that lasts at least that long instead of minting one.
 */
export async function createM2MToken(
  scope: Scope,
  input: RequestBody<'createM2MToken'>,
): Promise<CreatedM2MToken> {
  const machineId = callingMachine(scope);
  const machine = await findMachine(scope.db, scope.instanceId, machineId);
  if (!machine) throw apiErrors.authenticationInvalid();
  const lifetime = input.seconds_until_expiration ?? Number(machine.default_token_ttl);
  const claims = claimsOf(input.claims);
  const scopes = (await listScopedMachineIds(scope.db, [machineId])).map((s) => s.to_machine_id);
  const format = input.token_format ?? 'opaque';
  const now = scope.clock.now();
  if (format === 'jwt') return signM2MJwt(scope, machineId, lifetime, claims, scopes, now);

  const minRemaining = input.min_remaining_ttl_seconds;
  if (minRemaining !== undefined) {
    if (minRemaining >= lifetime) throw apiErrors.m2mMinRemainingTtlTooLong(lifetime);
    const wanted = canonical({ claims, scopes });
    const candidates = await listReusableM2MTokens(
      scope.db,
      scope.instanceId,
      machineId,
      now + minRemaining * 1000,
    );
    const reusable = candidates.find(
      (row) =>
        canonical({ claims: parseJson(row.claims), scopes: parseJson(row.scopes) }) === wanted,
    );
    if (reusable) {
      const token = scope.secrets.open(reusable.token!, tokenLocation(reusable.id));
      return { ...toApi(reusable, now), token };
    }
  }

  const token = generateOpaqueM2MToken();
  return runWrite(scope, async (tx) => {
    const id = generateHexId('mt', tx.now);
    const claimsJson = JSON.stringify(claims);
    const scopesJson = JSON.stringify(scopes);
    const row: M2MTokenRow = {
      id,
      instance_id: tx.instanceId,
      machine_id: machineId,
      format: 'opaque',
      token_hash: hashCredential(token),
      token: scope.secrets.seal(token, tokenLocation(id)),
      claims: claimsJson,
      scopes: scopesJson,
      revoked: false,
      revocation_reason: null,
      expiration: tx.now + Math.round(lifetime * 1000),
      last_used_at: null,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertM2MToken(tx.db, { ...row, claims: claimsJson, scopes: scopesJson });
    return { ...toApi(row, tx.now), token };
  });
}

async function signM2MJwt(
  scope: Scope,
  machineId: string,
  lifetime: number,
  claims: Record<string, unknown> | null,
  scopes: string[],
  now: number,
): Promise<CreatedM2MToken> {
  const key = await currentSigningKey(scope);
  const id = generateHexId('mt', now);
  const iat = Math.floor(now / 1000);
  const exp = iat + Math.max(1, Math.round(lifetime));
  const custom = Object.fromEntries(
    Object.entries(claims ?? {}).filter(([name]) => !RESERVED_CLAIMS.has(name)),
  );
  const token = await new SignJWT({
    ...custom,
    iss: tokenIssuer(scope.instance),
    sub: machineId,
    jti: id,
    iat,
    nbf: iat,
    exp,
    scopes: scopes.join(' '),
  })
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: 'JWT', cat: M2M_JWT_CATEGORY })
    .sign(key.privateKey);
  return {
    object: 'machine_to_machine_token',
    id,
    subject: machineId,
    claims,
    scopes,
    token,
    revoked: false,
    revocation_reason: null,
    expired: false,
    expiration: exp * 1000,
    last_used_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** A machine key may see only its own tokens; the instance key any machine's. */
export async function listM2MTokens(scope: Scope, query: RequestQuery<'getM2MTokens'>) {
  if (scope.machine && scope.machine.id !== query.subject) {
    throw apiErrors.machineNotScoped(scope.machine.id, query.subject);
  }
  if (!(await findMachine(scope.db, scope.instanceId, query.subject))) {
    throw apiErrors.notFound('machine', query.subject);
  }
  const now = scope.clock.now();
  const filter = {
    instanceId: scope.instanceId,
    machineId: query.subject,
    includeRevoked: query.revoked === true,
    includeExpired: query.expired === true,
    now,
  };
  const page = pageOf({ limit: query.limit, offset: query.offset ?? 0 });
  const [rows, total] = await Promise.all([
    listM2MTokenRows(scope.db, filter, page),
    countM2MTokenRows(scope.db, filter),
  ]);
  return { m2m_tokens: rows.map((row) => toApi(row, now)), total_count: total };
}

/** A machine key may revoke only its own tokens (another's is not found). Idempotent. */
export async function revokeM2MToken(
  scope: Scope,
  id: string,
  input: RequestBody<'revokeM2MToken'>,
): Promise<M2MToken> {
  return runWrite(scope, async (tx) => {
    const row = await findM2MToken(tx.db, tx.instanceId, id);
    if (!row || (scope.machine && scope.machine.id !== row.machine_id)) {
      throw apiErrors.notFound('m2m token', id);
    }
    if (toBool(row.revoked)) return toApi(row, tx.now);
    const changes = {
      revoked: true,
      revocation_reason: input.revocation_reason ?? null,
      updated_at: tx.now,
    };
    await updateM2MTokenRow(tx.db, tx.instanceId, id, changes);
    return toApi({ ...row, ...changes }, tx.now);
  });
}

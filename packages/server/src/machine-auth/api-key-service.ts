import type { RequestBody, RequestQuery, ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf } from '../lists/list-params.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import {
  digestsEqual,
  generateApiKeySecret,
  generateHexId,
  hashCredential,
  lastUsedIsStale,
} from './machine-credentials.js';
import {
  countApiKeyRows,
  deleteApiKeyRow,
  findApiKey,
  findApiKeyByHash,
  insertApiKey,
  listApiKeyRows,
  lockApiKey,
  subjectExists,
  updateApiKeyRow,
  type ApiKeyRow,
} from './api-key-store.js';

export type ApiKey = ResponseBody<'getApiKey', '200'>;
type ApiKeyWithSecret = ResponseBody<'createApiKey', '200'>;

const RESOURCE = 'api key';
const secretLocation = (id: string) => ({ table: 'api_keys', column: 'secret', rowId: id });

function toApi(row: ApiKeyRow, now: number): ApiKey {
  const expiration = row.expiration === null ? null : Number(row.expiration);
  return {
    object: 'api_key',
    id: row.id,
    type: row.type,
    subject: row.subject,
    name: row.name,
    description: row.description,
    claims: parseJson(row.claims),
    scopes: parseJson<string[]>(row.scopes),
    revoked: toBool(row.revoked),
    revocation_reason: row.revocation_reason,
    expired: expiration !== null && expiration <= now,
    expiration,
    created_by: row.created_by,
    last_used_at: row.last_used_at === null ? null : Number(row.last_used_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

function claimsOf(input: unknown): Record<string, unknown> | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw apiErrors.paramValueInvalid('claims', 'must be a JSON object');
  }
  return input as Record<string, unknown>;
}

const KIND: Record<string, string> = { user: 'user', org: 'organization', mch: 'machine' };

/** A subject must be a user, organization or machine of the instance (SCIM has none here). */
async function assertSubject(tx: { db: WriteTx['db']; instanceId: string }, subject: string) {
  if (!(await subjectExists(tx.db, tx.instanceId, subject))) {
    const kind = KIND[subject.split('_')[0] ?? ''] ?? 'user, organization or machine';
    throw apiErrors.apiKeySubjectNotFound('subject', subject, kind);
  }
}

function expirationOf(now: number, seconds: number | null | undefined): number | null {
  return seconds === undefined || seconds === null ? null : now + Math.round(seconds * 1000);
}

/** `POST /api_keys`: the secret is in this answer and getApiKeySecret's; stored sealed. */
export async function createApiKey(
  scope: Scope,
  input: RequestBody<'createApiKey'>,
): Promise<ApiKeyWithSecret> {
  const secret = generateApiKeySecret();
  const claims = claimsOf(input.claims);
  return runWrite(scope, async (tx) => {
    await assertSubject(tx, input.subject);
    if (input.created_by && !(await subjectExists(tx.db, tx.instanceId, input.created_by))) {
      throw apiErrors.apiKeySubjectNotFound('created_by', input.created_by, 'user');
    }
    const id = generateHexId('ak', tx.now);
    const claimsJson = JSON.stringify(claims);
    const scopesJson = JSON.stringify([...new Set(input.scopes ?? [])]);
    const row: ApiKeyRow = {
      id,
      instance_id: tx.instanceId,
      type: input.type ?? 'api_key',
      name: input.name,
      name_lower: input.name.toLowerCase(),
      description: input.description ?? null,
      subject: input.subject,
      claims: claimsJson,
      scopes: scopesJson,
      secret: scope.secrets.seal(secret, secretLocation(id)),
      secret_hash: hashCredential(secret),
      revoked: false,
      revocation_reason: null,
      expiration: expirationOf(tx.now, input.seconds_until_expiration),
      created_by: input.created_by ?? null,
      last_used_at: null,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertApiKey(tx.db, { ...row, claims: claimsJson, scopes: scopesJson });
    return { ...toApi(row, tx.now), secret };
  });
}

export async function getApiKey(scope: Scope, id: string): Promise<ApiKey> {
  const row = await findApiKey(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return toApi(row, scope.clock.now());
}

export async function getApiKeySecret(scope: Scope, id: string) {
  const row = await findApiKey(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return { secret: scope.secrets.open(row.secret, secretLocation(row.id)) };
}

/** `GET /api_keys?subject=…`: newest first; `include_invalid=true` adds revoked and expired. */
export async function listApiKeys(scope: Scope, query: RequestQuery<'getApiKeys'>) {
  const now = scope.clock.now();
  const filter = {
    instanceId: scope.instanceId,
    subject: query.subject,
    type: query.type ?? 'api_key',
    includeInvalid: query.include_invalid === 'true',
    text: query.query?.trim() || undefined,
    now,
  };
  const page = pageOf({ limit: query.limit, offset: query.offset ?? 0 });
  const [rows, total] = await Promise.all([
    listApiKeyRows(scope.db, filter, page),
    countApiKeyRows(scope.db, filter),
  ]);
  return { data: rows.map((row) => toApi(row, now)), total_count: total };
}

async function lockExisting(tx: WriteTx, id: string): Promise<ApiKeyRow> {
  const row = await lockApiKey(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return row;
}

/** `PATCH /api_keys/{id}`: each sent field changes; `seconds_until_expiration` counts from now. */
export async function updateApiKey(
  scope: Scope,
  id: string,
  input: RequestBody<'updateApiKey'>,
  sent: ReadonlySet<string>,
): Promise<ApiKey> {
  return runWrite(scope, async (tx) => {
    const current = await lockExisting(tx, id);
    if (input.subject !== undefined) await assertSubject(tx, input.subject);
    const changes = {
      ...(sent.has('claims') ? { claims: JSON.stringify(claimsOf(input.claims)) } : {}),
      ...(input.scopes !== undefined ? { scopes: JSON.stringify([...new Set(input.scopes)]) } : {}),
      ...(sent.has('description') ? { description: input.description ?? null } : {}),
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(sent.has('seconds_until_expiration')
        ? { expiration: expirationOf(tx.now, input.seconds_until_expiration) }
        : {}),
      updated_at: tx.now,
    };
    await updateApiKeyRow(tx.db, tx.instanceId, id, changes);
    return toApi({ ...current, ...changes }, tx.now);
  });
}

export async function deleteApiKey(scope: Scope, id: string) {
  await runWrite(scope, async (tx) => {
    await lockExisting(tx, id);
    await deleteApiKeyRow(tx.db, tx.instanceId, id);
  });
  return { object: 'api_key' as const, id, deleted: true as const };
}

/** Revoking twice keeps the first reason. */
export async function revokeApiKey(
  scope: Scope,
  id: string,
  input: RequestBody<'revokeApiKey'>,
): Promise<ApiKey> {
  return runWrite(scope, async (tx) => {
    const current = await lockExisting(tx, id);
    if (toBool(current.revoked)) return toApi(current, tx.now);
    const changes = {
      revoked: true,
      revocation_reason: input.revocation_reason ?? null,
      updated_at: tx.now,
    };
    await updateApiKeyRow(tx.db, tx.instanceId, id, changes);
    return toApi({ ...current, ...changes }, tx.now);
  });
}

/**
 * `POST /api_keys/verify`: found by the secret's hash in the caller's instance; revoked and
 * expired keys are refused (404, each its code). Records `last_used_at`.
 */
export async function verifyApiKey(scope: Scope, secret: string): Promise<ApiKey> {
  const hash = hashCredential(secret);
  const row = await findApiKeyByHash(scope.db, scope.instanceId, hash);
  if (!row || !digestsEqual(hash, row.secret_hash)) throw apiErrors.apiKeyNotFound();
  const now = scope.clock.now();
  if (toBool(row.revoked)) throw apiErrors.apiKeyRevoked(row.id);
  if (row.expiration !== null && Number(row.expiration) <= now) {
    throw apiErrors.apiKeyExpired(row.id);
  }
  if (!lastUsedIsStale(row.last_used_at, now)) return toApi(row, now);
  await runWrite(scope, (tx) =>
    updateApiKeyRow(tx.db, tx.instanceId, row.id, { last_used_at: tx.now }),
  );
  return toApi({ ...row, last_used_at: now }, now);
}

import { parseJson, toBool } from '../../db/values.js';
import { apiErrors } from '../../errors/api-errors.js';
import { generateId } from '../../ids/generate-id.js';
import type { Scope } from '../../platform/scope.js';
import { runWrite, type WriteTx } from '../../platform/write.js';
import {
  generateEndpointSecret,
  openEndpointSecret,
  PREVIOUS_SECRET_GRACE_MS,
  sealEndpointSecret,
} from '../webhook-secrets.js';
import { svixErrors } from './svix-api-errors.js';
import {
  readEndpointIn,
  readEndpointPatch,
  readSecretRotateIn,
  type EndpointFields,
} from './svix-endpoint-input.js';
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  isUidTaken,
  listEndpoints,
  lockEndpoint,
  updateEndpoint,
  type EndpointRow,
} from './svix-endpoint-store.js';
import './svix-unique-indexes.js';
import { pageOf, toListResponse, type ListQuery, type ListResponse } from './svix-pagination.js';

/** Svix's `EndpointOut`: camelCase, ISO dates. */
export interface EndpointOut {
  id: string;
  url: string;
  description: string;
  version: number;
  rateLimit: number | null;
  throttleRate: number | null;
  uid: string | null;
  disabled: boolean;
  filterTypes: string[] | null;
  channels: string[] | null;
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/** What an API call works on: the caller's instance scope and its app. */
export interface AppScope {
  scope: Scope;
  appId: string;
}

export function endpointRowToOut(row: EndpointRow): EndpointOut {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    version: row.version,
    rateLimit: row.rate_limit,
    throttleRate: row.rate_limit,
    uid: row.uid,
    disabled: toBool(row.disabled),
    filterTypes: row.filter_types == null ? null : parseJson<string[]>(row.filter_types),
    channels: row.channels == null ? null : parseJson<string[]>(row.channels),
    metadata: parseJson<Record<string, string>>(row.metadata),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

/** The row's columns for `fields` (a patch gives only some). */
function columnsOf(fields: Partial<EndpointFields>, row?: EndpointRow) {
  const columns: Record<string, unknown> = {};
  if (fields.url !== undefined) columns.url = fields.url;
  if (fields.description !== undefined) columns.description = fields.description;
  if (fields.version !== undefined) columns.version = fields.version;
  if (fields.rateLimit !== undefined) columns.rate_limit = fields.rateLimit;
  if (fields.uid !== undefined) columns.uid = fields.uid;
  if (fields.filterTypes !== undefined) {
    columns.filter_types = fields.filterTypes && JSON.stringify(fields.filterTypes);
  }
  if (fields.channels !== undefined) {
    columns.channels = fields.channels && JSON.stringify(fields.channels);
  }
  if (fields.metadata !== undefined) columns.metadata = JSON.stringify(fields.metadata);
  if (fields.disabled !== undefined && fields.disabled !== toBool(row?.disabled ?? false)) {
    columns.disabled = fields.disabled;
    // Enabled again: the failure streak that may have disabled it starts over.
    columns.disabled_reason = fields.disabled ? 'manual' : null;
    if (!fields.disabled) columns.failing_since = null;
  }
  return columns;
}

async function checkUid(tx: WriteTx, appId: string, uid: string | null | undefined, id?: string) {
  if (uid && (await isUidTaken(tx.db, appId, uid, id))) {
    throw apiErrors.svixEndpointUidTaken();
  }
}

export async function listAppEndpoints(
  { scope, appId }: AppScope,
  query: ListQuery,
): Promise<ListResponse<EndpointOut>> {
  const page = pageOf(query);
  const rows = await listEndpoints(scope.db, appId, page);
  return toListResponse(rows, page, (row) => row.id, endpointRowToOut);
}

export async function getAppEndpoint({ scope, appId }: AppScope, id: string): Promise<EndpointOut> {
  const row = await findEndpoint(scope.db, appId, id);
  if (!row) throw svixErrors.notFound('Endpoint');
  return endpointRowToOut(row);
}

export async function createAppEndpoint(
  { scope, appId }: AppScope,
  body: unknown,
): Promise<EndpointOut> {
  const { fields, secret } = readEndpointIn(body, true);
  return runWrite(scope, async (tx) => {
    await checkUid(tx, appId, fields.uid);
    const id = generateId('ep', tx.now);
    await insertEndpoint(tx.db, {
      id,
      instance_id: tx.instanceId,
      app_id: appId,
      url: fields.url,
      description: fields.description,
      version: fields.version,
      rate_limit: fields.rateLimit,
      uid: fields.uid,
      disabled: fields.disabled,
      disabled_reason: fields.disabled ? 'manual' : null,
      filter_types: fields.filterTypes && JSON.stringify(fields.filterTypes),
      channels: fields.channels && JSON.stringify(fields.channels),
      metadata: JSON.stringify(fields.metadata),
      secret: sealEndpointSecret(scope.secrets, id, 'secret', secret ?? generateEndpointSecret()),
      previous_secret: null,
      previous_secret_expires_at: null,
      failing_since: null,
      lease_until: null,
      lease_owner: null,
      created_at: tx.now,
      updated_at: tx.now,
    });
    return endpointRowToOut((await findEndpoint(tx.db, appId, id))!);
  });
}

/** PUT (every field; the missing ones back to Svix's defaults) or PATCH (the given ones). */
export async function changeAppEndpoint(
  { scope, appId }: AppScope,
  id: string,
  body: unknown,
  mode: 'put' | 'patch',
): Promise<EndpointOut> {
  const patch = mode === 'put' ? readEndpointIn(body, false).fields : readEndpointPatch(body);
  return runWrite(scope, async (tx) => {
    const row = await lockEndpoint(tx.db, tx.dialect, appId, id);
    if (!row) throw svixErrors.notFound('Endpoint');
    await checkUid(tx, appId, patch.uid, row.id);
    const columns = columnsOf(patch, row);
    const secret = 'secret' in patch ? patch.secret : undefined;
    if (secret !== undefined) Object.assign(columns, rotationColumns(scope, row, secret, tx.now));
    await updateEndpoint(tx.db, row.id, { ...columns, updated_at: tx.now });
    return endpointRowToOut((await findEndpoint(tx.db, appId, row.id))!);
  });
}

export async function deleteAppEndpoint({ scope, appId }: AppScope, id: string): Promise<void> {
  await runWrite(scope, async (tx) => {
    const row = await lockEndpoint(tx.db, tx.dialect, appId, id);
    if (!row) throw svixErrors.notFound('Endpoint');
    await deleteEndpoint(tx.db, row.id);
  });
}

export async function getAppEndpointSecret(
  { scope, appId }: AppScope,
  id: string,
): Promise<{ key: string }> {
  const row = await findEndpoint(scope.db, appId, id);
  if (!row) throw svixErrors.notFound('Endpoint');
  return { key: openEndpointSecret(scope.secrets, row.id, 'secret', row.secret) };
}

/** The old secret keeps signing for 24 hours next to the new one (Svix's rotation). */
function rotationColumns(scope: Scope, row: EndpointRow, next: string, now: number) {
  const current = openEndpointSecret(scope.secrets, row.id, 'secret', row.secret);
  return {
    secret: sealEndpointSecret(scope.secrets, row.id, 'secret', next),
    previous_secret: sealEndpointSecret(scope.secrets, row.id, 'previous_secret', current),
    previous_secret_expires_at: now + PREVIOUS_SECRET_GRACE_MS,
  };
}

export async function rotateAppEndpointSecret(
  { scope, appId }: AppScope,
  id: string,
  body: unknown,
): Promise<void> {
  const key = readSecretRotateIn(body);
  await runWrite(scope, async (tx) => {
    const row = await lockEndpoint(tx.db, tx.dialect, appId, id);
    if (!row) throw svixErrors.notFound('Endpoint');
    const columns = rotationColumns(scope, row, key ?? generateEndpointSecret(), tx.now);
    await updateEndpoint(tx.db, row.id, { ...columns, updated_at: tx.now });
  });
}

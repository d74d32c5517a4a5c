import type { RequestBody, RequestQuery, ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { pageOf, type Ordering } from '../lists/list-params.js';
import { arrayOrPaginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import './jwt-template-unique-indexes.js';
import {
  countJwtTemplates,
  deleteJwtTemplate,
  findJwtTemplateById,
  findJwtTemplateByName,
  findJwtTemplateRows,
  insertJwtTemplate,
  listJwtTemplateIds,
  lockJwtTemplate,
  updateJwtTemplate,
  type JwtTemplateRow,
} from './jwt-template-store.js';
import {
  DEFAULT_CLOCK_SKEW,
  DEFAULT_LIFETIME,
  templateClaims,
  templateName,
  templateNumber,
  templateSigning,
  type TemplateInput,
} from './template-input.js';
import { sealSigningKey } from './template-signing-keys.js';

export type JwtTemplate = ResponseBody<'GetJWTTemplate', '200'>;

/** The API object; the signing key never leaves the database. */
function rowToJwtTemplate(row: JwtTemplateRow): JwtTemplate {
  return {
    object: 'jwt_template',
    id: row.id,
    name: row.name,
    claims: parseJson<Record<string, unknown>>(row.claims),
    lifetime: row.lifetime,
    allowed_clock_skew: row.allowed_clock_skew,
    custom_signing_key: toBool(row.custom_signing_key),
    signing_algorithm: row.signing_algorithm,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const NEWEST_FIRST: Ordering = {
  field: 'created_at',
  column: 'jwt_templates.created_at',
  direction: 'desc',
};

/**
 * `GET /v1/jwt_templates`: newest first, a bare array as the spec says, or
 * `{ data, total_count }` with `paginated=true` (which @clerk/backend sends).
 */
export async function listJwtTemplates(scope: Scope, query: RequestQuery<'ListJWTTemplates'>) {
  const rows = await readPage(
    listJwtTemplateIds(scope.db, scope.instanceId),
    'jwt_templates.id',
    NEWEST_FIRST,
    pageOf(query),
    (ids) => findJwtTemplateRows(scope.db, scope.instanceId, ids),
  );
  const data = rows.map(rowToJwtTemplate);
  return arrayOrPaginated(query, data, () => countJwtTemplates(scope.db, scope.instanceId));
}

export async function getJwtTemplate(scope: Scope, id: string): Promise<JwtTemplate> {
  const row = await findJwtTemplateById(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound('jwt template', id);
  return rowToJwtTemplate(row);
}

/** Refuses a name another template of the instance has (the unique index answers races). */
async function assertNameFree(tx: WriteTx, name: string, selfId?: string): Promise<void> {
  const holder = await findJwtTemplateByName(tx.db, tx.instanceId, name);
  if (holder && holder.id !== selfId) throw apiErrors.jwtTemplateNameTaken(name);
}

/** The columns a write sets from its input, checked against the template as it is. */
function columnsOf(scope: Scope, id: string, input: TemplateInput, current?: JwtTemplateRow) {
  const name = templateName(input);
  const claims = templateClaims(input);
  const signing = templateSigning(input, current);
  let signingKey: string | null = null;
  if (signing.custom) {
    signingKey =
      signing.key === 'keep'
        ? current!.signing_key
        : sealSigningKey(scope.secrets, id, signing.key.plain);
  }
  return {
    name,
    claims,
    lifetime: templateNumber(input.lifetime, current?.lifetime, DEFAULT_LIFETIME),
    allowed_clock_skew: templateNumber(
      input.allowed_clock_skew,
      current?.allowed_clock_skew,
      DEFAULT_CLOCK_SKEW,
    ),
    custom_signing_key: signing.custom,
    signing_algorithm: signing.algorithm,
    signing_key: signingKey,
  };
}

/** `POST /v1/jwt_templates`. */
export async function createJwtTemplate(
  scope: Scope,
  input: RequestBody<'CreateJWTTemplate'>,
): Promise<JwtTemplate> {
  const now = scope.clock.now();
  const id = generateId('jtmp', now);
  const columns = columnsOf(scope, id, input);
  return runWrite(scope, async (tx) => {
    await assertNameFree(tx, columns.name);
    const row: JwtTemplateRow = {
      id,
      instance_id: tx.instanceId,
      ...columns,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertJwtTemplate(tx.db, { ...row, claims: columns.claims });
    return rowToJwtTemplate(row);
  });
}

/**
 * `PATCH /v1/jwt_templates/{id}`: `name` and `claims` are required (as the spec says) and
 * replace; the other fields change only when sent (see `templateSigning`).
 */
export async function updateJwtTemplateById(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateJWTTemplate'>,
): Promise<JwtTemplate> {
  return runWrite(scope, async (tx) => {
    const current = await lockJwtTemplate(tx.db, tx.dialect, tx.instanceId, id);
    if (!current) throw apiErrors.notFound('jwt template', id);
    const columns = columnsOf(scope, id, input, current);
    await assertNameFree(tx, columns.name, id);
    await updateJwtTemplate(tx.db, tx.instanceId, id, { ...columns, updated_at: tx.now });
    return rowToJwtTemplate({ ...current, ...columns, updated_at: tx.now });
  });
}

/** `DELETE /v1/jwt_templates/{id}`. */
export async function deleteJwtTemplateById(scope: Scope, id: string) {
  await runWrite(scope, async (tx) => {
    if (!(await deleteJwtTemplate(tx.db, tx.instanceId, id))) {
      throw apiErrors.notFound('jwt template', id);
    }
  });
  return { object: 'jwt_template', id, deleted: true as const };
}

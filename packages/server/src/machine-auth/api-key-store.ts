import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { ApiKeysTable, Db } from '../db/schema.js';
import { escapeLike, unindexedRef } from '../db/values.js';
import type { Page } from '../lists/list-params.js';
import { countRows, readNewestFirst } from '../lists/page-query.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export async function insertApiKey(db: Kysely<Db>, row: Insertable<ApiKeysTable>): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function findApiKey(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lockApiKey(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<ApiKeyRow | undefined> {
  const query = db
    .selectFrom('api_keys')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id);
  return dialect.lockForUpdate(query).executeTakeFirst();
}

/** The key with this secret hash, in the instance (another instance's key is not found). */
export async function findApiKeyByHash(
  db: Kysely<Db>,
  instanceId: string,
  hash: string,
): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('secret_hash', '=', hash)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .executeTakeFirst();
}

export async function updateApiKeyRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<ApiKeysTable>,
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set(changes)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteApiKeyRow(db: Kysely<Db>, instanceId: string, id: string) {
  await db
    .deleteFrom('api_keys')
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** A deleted user, organization or machine takes its API keys with it. */
export async function deleteApiKeysOfSubject(db: Kysely<Db>, instanceId: string, subject: string) {
  await db
    .deleteFrom('api_keys')
    .where('instance_id', '=', instanceId)
    .where('subject', '=', subject)
    .execute();
}

/** Whether `subject` (`user_…`, `org_…`, `mch_…`) is a row of the instance. */
export async function subjectExists(
  db: Kysely<Db>,
  instanceId: string,
  subject: string,
): Promise<boolean> {
  const table = subject.startsWith('user_')
    ? 'users'
    : subject.startsWith('org_')
      ? 'organizations'
      : subject.startsWith('mch_')
        ? 'machines'
        : undefined;
  if (table === undefined) return false;
  const row = await db
    .selectFrom(table)
    .select('id')
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', subject)
    .executeTakeFirst();
  return row !== undefined;
}

export interface ApiKeyFilter {
  instanceId: string;
  subject: string;
  type: string;
  includeInvalid: boolean;
  text: string | undefined;
  now: number;
}

function filtered(db: Kysely<Db>, f: ApiKeyFilter) {
  let q = db
    .selectFrom('api_keys')
    .where('instance_id', '=', f.instanceId)
    .where('subject', '=', f.subject)
    .where('type', '=', f.type);
  if (!f.includeInvalid) {
    q = q
      .where('revoked', '=', false)
      .where((eb) => eb.or([eb('expiration', 'is', null), eb('expiration', '>', f.now)]));
  }
  if (f.text !== undefined) {
    const like = `%${escapeLike(f.text.toLowerCase())}%`;
    q = q.where(sql<boolean>`name_lower like ${like} escape '\\'`);
  }
  return q;
}

/** A page of a subject's keys, newest first. */
export async function listApiKeyRows(
  db: Kysely<Db>,
  f: ApiKeyFilter,
  page: Page,
): Promise<ApiKeyRow[]> {
  return readNewestFirst(filtered(db, f).selectAll(), page);
}

export async function countApiKeyRows(db: Kysely<Db>, f: ApiKeyFilter): Promise<number> {
  return countRows(filtered(db, f));
}

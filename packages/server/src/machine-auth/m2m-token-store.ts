import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Db, M2MTokensTable } from '../db/schema.js';
import { unindexedRef } from '../db/values.js';
import type { Page } from '../lists/list-params.js';
import { countRows, readNewestFirst } from '../lists/page-query.js';

export type M2MTokenRow = Selectable<M2MTokensTable>;

export async function insertM2MToken(
  db: Kysely<Db>,
  row: Insertable<M2MTokensTable>,
): Promise<void> {
  await db.insertInto('m2m_tokens').values(row).execute();
}

export async function findM2MToken(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<M2MTokenRow | undefined> {
  return db
    .selectFrom('m2m_tokens')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The token with this hash, in the instance (another instance's token is not found). */
export async function findM2MTokenByHash(
  db: Kysely<Db>,
  instanceId: string,
  hash: string,
): Promise<M2MTokenRow | undefined> {
  return db
    .selectFrom('m2m_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .executeTakeFirst();
}

export async function updateM2MTokenRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<M2MTokensTable>,
): Promise<void> {
  await db
    .updateTable('m2m_tokens')
    .set(changes)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Live tokens of a machine lasting at least until `until`, newest first (reuse candidates). */
export async function listReusableM2MTokens(
  db: Kysely<Db>,
  instanceId: string,
  machineId: string,
  until: number,
): Promise<M2MTokenRow[]> {
  return db
    .selectFrom('m2m_tokens')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('machine_id', '=', machineId)
    .where('revoked', '=', false)
    .where('expiration', '>=', until)
    .where('token', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
}

export interface M2MTokenFilter {
  instanceId: string;
  machineId: string;
  includeRevoked: boolean;
  includeExpired: boolean;
  now: number;
}

function filtered(db: Kysely<Db>, f: M2MTokenFilter) {
  let q = db
    .selectFrom('m2m_tokens')
    .where('instance_id', '=', f.instanceId)
    .where('machine_id', '=', f.machineId);
  if (!f.includeRevoked) q = q.where('revoked', '=', false);
  if (!f.includeExpired) {
    q = q.where((eb) => eb.or([eb('expiration', 'is', null), eb('expiration', '>', f.now)]));
  }
  return q;
}

/** A page of a machine's tokens, newest first. */
export async function listM2MTokenRows(
  db: Kysely<Db>,
  f: M2MTokenFilter,
  page: Page,
): Promise<M2MTokenRow[]> {
  return readNewestFirst(filtered(db, f).selectAll(), page);
}

export async function countM2MTokenRows(db: Kysely<Db>, f: M2MTokenFilter): Promise<number> {
  return countRows(filtered(db, f));
}

import type { Kysely } from 'kysely';
import { compileOnce } from '../db/compiled-query.js';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';

const settingsOf = compileOnce(
  (db, instanceId: string) =>
    db.selectFrom('instance_settings').select('settings').where('instance_id', '=', instanceId),
  1,
);

/**
 * The instance's stored settings document, or undefined when none was ever saved. Every
 * user read needs it (the lockout fields), so the query is compiled once.
 */
export async function findInstanceSettings(db: Kysely<Db>, instanceId: string): Promise<unknown> {
  const rows = (await settingsOf(db, instanceId)) as { settings: unknown }[];
  return rows[0]?.settings;
}

/**
 * The settings document read with a row lock held until the transaction ends. An instance
 * whose document was never saved gets an empty one first, so there is always a row to lock
 * and two first saves cannot overwrite each other.
 */
export async function findInstanceSettingsLocked(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  nowMs: number,
): Promise<unknown> {
  await db
    .insertInto('instance_settings')
    .values({ instance_id: instanceId, settings: '{}', created_at: nowMs, updated_at: nowMs })
    .onConflict((oc) => oc.column('instance_id').doNothing())
    .execute();
  const row = await dialect
    .lockForUpdate(
      db.selectFrom('instance_settings').select('settings').where('instance_id', '=', instanceId),
    )
    .executeTakeFirst();
  return row?.settings;
}

/** Inserts or replaces the instance's settings document. */
export async function upsertInstanceSettings(
  db: Kysely<Db>,
  instanceId: string,
  settings: string,
  nowMs: number,
): Promise<void> {
  await db
    .insertInto('instance_settings')
    .values({ instance_id: instanceId, settings, created_at: nowMs, updated_at: nowMs })
    .onConflict((oc) => oc.column('instance_id').doUpdateSet({ settings, updated_at: nowMs }))
    .execute();
}

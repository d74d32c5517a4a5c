import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';

/** The instance's stored settings document, or undefined when none was ever saved. */
export async function findInstanceSettings(db: Kysely<Db>, instanceId: string): Promise<unknown> {
  const row = await db
    .selectFrom('instance_settings')
    .select('settings')
    .where('instance_id', '=', instanceId)
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

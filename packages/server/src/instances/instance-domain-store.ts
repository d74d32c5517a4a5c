import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';

export interface InstanceHostRow {
  frontend_api: string;
  publishable_key: string;
  environment: 'development' | 'production';
}

/** The instance's Frontend API host, publishable key and environment, as stored now. */
export async function findInstanceHost(
  db: Kysely<Db>,
  instanceId: string,
): Promise<InstanceHostRow | undefined> {
  return db
    .selectFrom('instances')
    .select(['frontend_api', 'publishable_key', 'environment'])
    .where('id', '=', instanceId)
    .executeTakeFirst();
}

/** The same, with the row locked until the write ends (two domain changes run in turn). */
export async function lockInstanceHost(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
): Promise<InstanceHostRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('instances')
        .select(['frontend_api', 'publishable_key', 'environment'])
        .where('id', '=', instanceId),
    )
    .executeTakeFirst();
}

/** Moves the instance to a new Frontend API host and its publishable key. */
export async function updateInstanceHost(
  db: Kysely<Db>,
  instanceId: string,
  host: { frontend_api: string; publishable_key: string },
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('instances')
    .set({ ...host, updated_at: nowMs })
    .where('id', '=', instanceId)
    .execute();
}

/** Whether another instance already serves `frontendApi`. */
export async function isFrontendApiTaken(
  db: Kysely<Db>,
  instanceId: string,
  frontendApi: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('instances')
    .select('id')
    .where('frontend_api', '=', frontendApi)
    .where('id', '!=', instanceId)
    .executeTakeFirst();
  return row !== undefined;
}

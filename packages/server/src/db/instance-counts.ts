import { sql, type Kysely } from 'kysely';
import type { Db } from './schema.js';

/**
 * Tables holding one exact count per instance (users, organizations), kept in the write that
 * adds or removes a row, so an unfiltered list's `total_count` is one row read.
 */
export type InstanceCountTable = 'user_counts' | 'organization_counts';

/** Moves the instance's count by `delta`, in the write that adds or removes a row. */
export async function adjustInstanceCount(
  db: Kysely<Db>,
  table: InstanceCountTable,
  instanceId: string,
  delta: number,
): Promise<void> {
  await db
    .updateTable(table)
    .set({ count: sql`count + ${delta}` })
    .where('instance_id', '=', instanceId)
    .execute();
}

/** The instance's count (0 before its counter row exists). */
export async function readInstanceCount(
  db: Kysely<Db>,
  table: InstanceCountTable,
  instanceId: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select('count')
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

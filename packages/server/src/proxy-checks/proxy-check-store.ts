import type { Kysely, Selectable } from 'kysely';
import type { Db, ProxyChecksTable } from '../db/schema.js';

export type ProxyCheckRow = Selectable<ProxyChecksTable>;

/**
 * Records one run of a domain's proxy check: the first run of a (domain, proxy URL) pair
 * inserts it, later runs update its outcome and `last_run_at`. Answers the row as saved.
 */
export async function upsertProxyCheck(db: Kysely<Db>, row: ProxyCheckRow): Promise<ProxyCheckRow> {
  await db
    .insertInto('proxy_checks')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['instance_id', 'domain_id', 'proxy_url']).doUpdateSet({
        successful: row.successful,
        last_run_at: row.last_run_at,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  return db
    .selectFrom('proxy_checks')
    .selectAll()
    .where('instance_id', '=', row.instance_id)
    .where('domain_id', '=', row.domain_id)
    .where('proxy_url', '=', row.proxy_url)
    .executeTakeFirstOrThrow();
}

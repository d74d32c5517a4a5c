import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { type Organization, organizationRowToApi } from './organization-mapper.js';
import type { OrganizationRow } from './organization-store.js';

async function roleSetKeyOf(db: Kysely<Db>, instanceId: string, roleSetId: string | null) {
  if (roleSetId === null) return null;
  const row = await db
    .selectFrom('role_sets')
    .select('key')
    .where('instance_id', '=', instanceId)
    .where('id', '=', roleSetId)
    .executeTakeFirst();
  return row?.key ?? null;
}

/** The API object of a stored organization (`role_set_key` read by the role set's ID). */
export async function organizationToApi(
  db: Kysely<Db>,
  baseUrl: string,
  row: OrganizationRow,
  options: { pendingInvitationsCount?: number } = {},
): Promise<Organization> {
  const roleSetKey = await roleSetKeyOf(db, row.instance_id, row.role_set_id);
  return organizationRowToApi(row, { baseUrl, roleSetKey, ...options });
}

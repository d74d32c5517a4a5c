import { pendingInvitationAt } from './organization-store.js';
import { unindexedRef } from '../db/values.js';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Db, OrganizationLogosTable, OrganizationsTable } from '../db/schema.js';

export async function updateOrganizationRow(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  patch: Updateable<OrganizationsTable>,
): Promise<void> {
  await db
    .updateTable('organizations')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', organizationId)
    .execute();
}

/** Deletes the organization; its memberships, invitations and logos go by cascade. */
export async function deleteOrganizationRow(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
): Promise<void> {
  await db
    .deleteFrom('organizations')
    .where('instance_id', '=', instanceId)
    .where('id', '=', organizationId)
    .execute();
}

/**
 * The keys of the roles that members, or pending (unexpired) invitations, of the
 * organization hold and role set `roleSetId` does not contain.
 */
export async function rolesOutsideSet(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  roleSetId: string,
  now: number,
): Promise<string[]> {
  const inSet = db
    .selectFrom('role_set_roles')
    .select('role_set_roles.role_id')
    .where('role_set_roles.role_set_id', '=', roleSetId);
  const [members, invited] = await Promise.all([
    db
      .selectFrom('organization_memberships')
      .select('role_id')
      .distinct()
      .where('instance_id', '=', instanceId)
      .where('organization_id', '=', organizationId)
      .where('role_id', 'not in', inSet)
      .execute(),
    db
      .selectFrom('organization_invitations')
      .select('role_id')
      .distinct()
      .where('instance_id', '=', instanceId)
      .where('organization_id', '=', organizationId)
      .where(pendingInvitationAt(now))
      .where('role_id', 'not in', inSet)
      .execute(),
  ]);
  const roleIds = [...new Set([...members, ...invited].map((r) => r.role_id))];
  if (roleIds.length === 0) return [];
  const roles = await db
    .selectFrom('roles')
    .select('key')
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', roleIds)
    .orderBy('key')
    .execute();
  return roles.map((r) => r.key);
}

export async function insertOrganizationLogo(
  db: Kysely<Db>,
  row: Insertable<OrganizationLogosTable>,
): Promise<void> {
  await db.insertInto('organization_logos').values(row).execute();
}

/** The storage keys of the organization's logos (the rows stay). */
export async function organizationLogoKeys(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('organization_logos')
    .select('storage_key')
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId)
    .execute();
  return rows.map((r) => r.storage_key);
}

/** Deletes the organization's logos except `keepId`; returns their storage keys. */
export async function deleteOrganizationLogos(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  keepId: string | null = null,
): Promise<string[]> {
  let query = db
    .deleteFrom('organization_logos')
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId);
  if (keepId) query = query.where('id', '<>', keepId);
  const rows = await query.returning('storage_key').execute();
  return rows.map((r) => r.storage_key);
}

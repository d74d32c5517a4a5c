import { unindexedRef } from '../db/values.js';
import type { Kysely, Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, OrganizationMembershipsTable } from '../db/schema.js';
import type { MembershipRow, OrganizationRow } from './organization-store.js';

/** Reads and locks the membership of `userId` in an organization (a write changes it). */
export async function lockMembership(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  organizationId: string,
  userId: string,
): Promise<MembershipRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('organization_memberships')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId),
    )
    .executeTakeFirst();
}

export async function updateMembershipRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  patch: Updateable<OrganizationMembershipsTable>,
): Promise<void> {
  await db
    .updateTable('organization_memberships')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteMembershipRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('organization_memberships')
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Memberships by ID, with nothing else (a page's rows). */
export async function findMembershipsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<MembershipRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organization_memberships')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

/** Every membership of a user (a user belongs to a handful of organizations). */
export async function findMembershipsOfUser(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<MembershipRow[]> {
  return db
    .selectFrom('organization_memberships')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Organizations by ID (the organizations of a page of memberships). */
export async function findOrganizationsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<OrganizationRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db
    .selectFrom('organizations')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', unique)
    .execute();
}

/** IDs of the roles with these keys (keys not found are left out). */
export async function findRoleIdsByKeys(
  db: Kysely<Db>,
  instanceId: string,
  keys: readonly string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('roles')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('key', 'in', keys)
    .execute();
  return rows.map((r) => r.id);
}

/** IDs of the roles granting the permission `permissionKey`. */
export async function findRoleIdsGranting(
  db: Kysely<Db>,
  instanceId: string,
  permissionKey: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('role_permissions')
    .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
    .select('role_permissions.role_id')
    .where('permissions.instance_id', '=', instanceId)
    .where('permissions.key', '=', permissionKey)
    .execute();
  return rows.map((r) => r.role_id);
}

/** How many members of the organization hold one of `roleIds`, not counting `exceptId`. */
export async function countMembersWithRoles(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  roleIds: readonly string[],
  exceptId: string,
): Promise<number> {
  if (roleIds.length === 0) return 0;
  const row = await db
    .selectFrom('organization_memberships')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId)
    .where('role_id', 'in', roleIds)
    .where('id', '!=', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Points the user's sessions whose active organization was `fromOrganizationId` at
 * `toOrganizationId` (their latest other membership, or none).
 */
export async function moveActiveOrganizationOfSessions(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  fromOrganizationId: string,
  toOrganizationId: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_active_organization_id: toOrganizationId, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where('last_active_organization_id', '=', fromOrganizationId)
    .execute();
}

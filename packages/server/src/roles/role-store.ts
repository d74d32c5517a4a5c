import { unindexedRef } from '../db/values.js';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Db, RolesTable } from '../db/schema.js';
import type { PermissionRow } from './permission-store.js';

export type RoleRow = Selectable<RolesTable>;

/** A role by key, or by ID (`role_…`). */
export async function findRole(
  db: Kysely<Db>,
  instanceId: string,
  keyOrId: string,
): Promise<RoleRow | undefined> {
  return db
    .selectFrom('roles')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where(keyOrId.startsWith('role_') ? 'id' : 'key', '=', keyOrId)
    .executeTakeFirst();
}

/** Roles by key (those that exist). */
export async function findRolesByKey(
  db: Kysely<Db>,
  instanceId: string,
  keys: readonly string[],
): Promise<RoleRow[]> {
  if (keys.length === 0) return [];
  return db
    .selectFrom('roles')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('key', 'in', [...keys])
    .execute();
}

export async function findRolesById(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<RoleRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('roles')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** The permissions each role grants (ordered by key). */
export async function permissionsOfRoles(
  db: Kysely<Db>,
  instanceId: string,
  roleIds: readonly string[],
): Promise<Map<string, PermissionRow[]>> {
  const out = new Map<string, PermissionRow[]>(roleIds.map((id) => [id, []]));
  if (roleIds.length === 0) return out;
  const rows = await db
    .selectFrom('role_permissions')
    .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
    .selectAll('permissions')
    .select('role_permissions.role_id')
    .where('role_permissions.instance_id', '=', instanceId)
    .where('role_permissions.role_id', 'in', [...new Set(roleIds)])
    .orderBy('permissions.key')
    .execute();
  for (const { role_id: roleId, ...permission } of rows) out.get(roleId)?.push(permission);
  return out;
}

/** The roles that grant a permission. */
export async function rolesGrantingPermission(
  db: Kysely<Db>,
  instanceId: string,
  permissionId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('role_permissions')
    .select('role_id')
    .where('instance_id', '=', instanceId)
    .where('permission_id', '=', permissionId)
    .execute();
  return rows.map((r) => r.role_id);
}

export async function touchRoles(
  db: Kysely<Db>,
  instanceId: string,
  roleIds: readonly string[],
  now: number,
): Promise<void> {
  if (roleIds.length === 0) return;
  await db
    .updateTable('roles')
    .set({ updated_at: now })
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', [...roleIds])
    .execute();
}

export async function insertRole(db: Kysely<Db>, row: Insertable<RolesTable>): Promise<void> {
  await db.insertInto('roles').values(row).execute();
}

export async function updateRoleRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: { name: string; description: string | null; updated_at: number },
): Promise<void> {
  await db
    .updateTable('roles')
    .set(changes)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Makes a role grant exactly `permissionIds`. */
export async function setRolePermissions(
  db: Kysely<Db>,
  instanceId: string,
  roleId: string,
  permissionIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('role_permissions')
    .where('instance_id', '=', instanceId)
    .where('role_id', '=', roleId)
    .execute();
  if (permissionIds.length === 0) return;
  await db
    .insertInto('role_permissions')
    .values(
      permissionIds.map((permissionId) => ({
        role_id: roleId,
        permission_id: permissionId,
        instance_id: instanceId,
      })),
    )
    .execute();
}

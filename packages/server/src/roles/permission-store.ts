import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, PermissionsTable } from '../db/schema.js';

export type PermissionRow = Selectable<PermissionsTable>;

/** `order_by` fields of ListOrganizationPermissions, each with an `(instance_id, column[, id])` index. */
export const PERMISSION_ORDER_COLUMNS = {
  created_at: 'permissions.created_at',
  name: 'permissions.name',
  key: 'permissions.key',
} as const;

export async function findPermission(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<PermissionRow | undefined> {
  return db
    .selectFrom('permissions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Reads and locks the permission a write changes. */
export async function lockPermission(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<PermissionRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('permissions')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('id', '=', id),
    )
    .executeTakeFirst();
}

/** Permissions by key (those that exist). */
export async function findPermissionsByKey(
  db: Kysely<Db>,
  instanceId: string,
  keys: readonly string[],
): Promise<PermissionRow[]> {
  if (keys.length === 0) return [];
  return db
    .selectFrom('permissions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('key', 'in', [...keys])
    .execute();
}

export async function insertPermission(
  db: Kysely<Db>,
  row: Insertable<PermissionsTable>,
): Promise<void> {
  await db.insertInto('permissions').values(row).execute();
}

export async function updatePermissionRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<PermissionsTable>,
): Promise<void> {
  await db
    .updateTable('permissions')
    .set(changes)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a permission; `role_permissions` rows go with it (foreign key cascade). */
export async function deletePermissionRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('role_permissions')
    .where('instance_id', '=', instanceId)
    .where('permission_id', '=', id)
    .execute();
  await db
    .deleteFrom('permissions')
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, RoleSetsTable } from '../db/schema.js';
import type { RoleRow } from './role-store.js';

export type RoleSetRow = Selectable<RoleSetsTable>;

/** `order_by` fields of ListRoleSets, each with an `(instance_id, column[, id])` index. */
export const ROLE_SET_ORDER_COLUMNS = {
  created_at: 'role_sets.created_at',
  name: 'role_sets.name',
  key: 'role_sets.key',
} as const;

const byKeyOrId = (keyOrId: string) => (keyOrId.startsWith('rs_') ? 'id' : 'key');

export async function findRoleSet(
  db: Kysely<Db>,
  instanceId: string,
  keyOrId: string,
): Promise<RoleSetRow | undefined> {
  return db
    .selectFrom('role_sets')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where(byKeyOrId(keyOrId), '=', keyOrId)
    .executeTakeFirst();
}

/** Reads and locks the role set a write changes (by key or ID). */
export async function lockRoleSet(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  keyOrId: string,
): Promise<RoleSetRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('role_sets')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where(byKeyOrId(keyOrId), '=', keyOrId),
    )
    .executeTakeFirst();
}

/** Reads and locks the instance's initial role set. */
export async function lockInitialRoleSet(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
): Promise<RoleSetRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('role_sets')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('type', '=', 'initial'),
    )
    .executeTakeFirst();
}

export async function insertRoleSet(db: Kysely<Db>, row: Insertable<RoleSetsTable>): Promise<void> {
  await db.insertInto('role_sets').values(row).execute();
}

export async function updateRoleSetRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<RoleSetsTable>,
): Promise<void> {
  await db
    .updateTable('role_sets')
    .set(changes)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Makes every initial role set but `exceptId` custom (one initial set per instance). */
export async function demoteInitialRoleSets(
  db: Kysely<Db>,
  instanceId: string,
  exceptId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('role_sets')
    .set({ type: 'custom', updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('type', '=', 'initial')
    .where('id', '!=', exceptId)
    .execute();
}

/** Deletes a role set (its `role_set_roles` rows go with it). */
export async function deleteRoleSetRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('role_set_roles')
    .where('instance_id', '=', instanceId)
    .where('role_set_id', '=', id)
    .execute();
  await db
    .deleteFrom('role_sets')
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** The roles of each role set, in the order they were added. */
export async function rolesOfRoleSets(
  db: Kysely<Db>,
  instanceId: string,
  roleSetIds: readonly string[],
): Promise<Map<string, RoleRow[]>> {
  const out = new Map<string, RoleRow[]>(roleSetIds.map((id) => [id, []]));
  if (roleSetIds.length === 0) return out;
  const rows = await db
    .selectFrom('role_set_roles')
    .innerJoin('roles', 'roles.id', 'role_set_roles.role_id')
    .selectAll('roles')
    .select('role_set_roles.role_set_id')
    .where('role_set_roles.instance_id', '=', instanceId)
    .where('role_set_roles.role_set_id', 'in', [...roleSetIds])
    .orderBy('role_set_roles.created_at')
    .orderBy('roles.key')
    .execute();
  for (const { role_set_id: setId, ...role } of rows) out.get(setId)?.push(role);
  return out;
}

export async function addRolesToSet(
  db: Kysely<Db>,
  instanceId: string,
  roleSetId: string,
  roleIds: readonly string[],
  now: number,
): Promise<void> {
  if (roleIds.length === 0) return;
  await db
    .insertInto('role_set_roles')
    .values(
      roleIds.map((roleId) => ({
        role_set_id: roleSetId,
        role_id: roleId,
        instance_id: instanceId,
        created_at: now,
      })),
    )
    .execute();
}

export async function removeRoleFromSet(
  db: Kysely<Db>,
  instanceId: string,
  roleSetId: string,
  roleId: string,
): Promise<void> {
  await db
    .deleteFrom('role_set_roles')
    .where('instance_id', '=', instanceId)
    .where('role_set_id', '=', roleSetId)
    .where('role_id', '=', roleId)
    .execute();
}

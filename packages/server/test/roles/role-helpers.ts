import type { Kysely } from 'kysely';
import type { Db } from '../../src/db/schema.js';

/** The events of one type recorded for an instance, oldest first. */
export async function eventsOf(
  db: Kysely<Db>,
  instanceId: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('event_type', '=', type)
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const payload = (row as Record<string, unknown>).payload;
    const parsed = typeof payload === 'string' ? JSON.parse(payload) : payload;
    return (parsed as { data: Record<string, unknown> }).data;
  });
}

/** Gives a role the permission `permissionKey` directly in the database (roles have no API). */
export async function grantPermission(
  db: Kysely<Db>,
  instanceId: string,
  roleKey: string,
  permissionKey: string,
): Promise<void> {
  const role = await db
    .selectFrom('roles')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('key', '=', roleKey)
    .executeTakeFirstOrThrow();
  const permission = await db
    .selectFrom('permissions')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('key', '=', permissionKey)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('role_permissions')
    .values({ role_id: role.id, permission_id: permission.id, instance_id: instanceId })
    .execute();
}

/** Adds a role directly in the database (roles are made by configuration, not the API). */
export async function insertRole(
  db: Kysely<Db>,
  instanceId: string,
  key: string,
  permissionKeys: readonly string[] = [],
): Promise<string> {
  const id = `role_${key.replace(/[^a-z0-9]/g, '')}${Math.random().toString(36).slice(2, 10)}`;
  await db
    .insertInto('roles')
    .values({
      id,
      instance_id: instanceId,
      key,
      name: key,
      description: null,
      created_at: 1,
      updated_at: 1,
    })
    .execute();
  for (const permissionKey of permissionKeys) {
    await grantPermission(db, instanceId, key, permissionKey);
  }
  return id;
}

export const CREATOR_PERMISSIONS = [
  'org:sys_memberships:manage',
  'org:sys_memberships:read',
  'org:sys_profile:delete',
];

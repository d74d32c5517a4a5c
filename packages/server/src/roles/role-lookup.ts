import { compileForIds } from '../db/compiled-query.js';
import { unindexedRef } from '../db/values.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';

/** A role as a membership shows it: its key, name and the keys of the permissions it grants. */
export interface RoleGrant {
  id: string;
  key: string;
  name: string;
  permissions: string[];
}

/** The instance's role set new organizations get (`type = 'initial'`). */
export async function findInitialRoleSet(
  db: Kysely<Db>,
  instanceId: string,
): Promise<
  { id: string; creator_role_id: string | null; default_role_id: string | null } | undefined
> {
  return db
    .selectFrom('role_sets')
    .select(['id', 'creator_role_id', 'default_role_id'])
    .where('instance_id', '=', instanceId)
    .where('type', '=', 'initial')
    .executeTakeFirst();
}

/** A role set by key, with its creator and default roles. */
export async function findRoleSetByKey(
  db: Kysely<Db>,
  instanceId: string,
  key: string,
): Promise<
  { id: string; creator_role_id: string | null; default_role_id: string | null } | undefined
> {
  return db
    .selectFrom('role_sets')
    .select(['id', 'creator_role_id', 'default_role_id'])
    .where('instance_id', '=', instanceId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * The role `key` as an organization of role set `roleSetId` may give it (a role outside the
 * set is unknown there), or undefined.
 */
export async function findRoleInSet(
  db: Kysely<Db>,
  instanceId: string,
  roleSetId: string,
  key: string,
): Promise<{ id: string; key: string; name: string } | undefined> {
  return db
    .selectFrom('roles')
    .innerJoin('role_set_roles', 'role_set_roles.role_id', 'roles.id')
    .select(['roles.id', 'roles.key', 'roles.name'])
    .where('roles.instance_id', '=', instanceId)
    .where('roles.key', '=', key)
    .where('role_set_roles.role_set_id', '=', roleSetId)
    .executeTakeFirst();
}

const rolesByIds = compileForIds((db, instanceId: string, roleIds: string[]) =>
  (db as Kysely<Db>)
    .selectFrom('roles')
    .select(['id', 'key', 'name'])
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', roleIds),
);

const permissionKeysOfRoles = compileForIds((db, instanceId: string, roleIds: string[]) =>
  (db as Kysely<Db>)
    .selectFrom('role_permissions')
    .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
    .select(['role_permissions.role_id', 'permissions.key'])
    .where('role_permissions.instance_id', '=', instanceId)
    .where('role_permissions.role_id', 'in', roleIds)
    .orderBy('permissions.key'),
);

/** Roles by ID with the keys of their permissions (ordered by key), for membership answers. */
export async function roleGrantsOf(
  db: Kysely<Db>,
  instanceId: string,
  roleIds: readonly string[],
): Promise<Map<string, RoleGrant>> {
  const out = new Map<string, RoleGrant>();
  const unique = [...new Set(roleIds)];
  if (unique.length === 0) return out;
  const roles = await rolesByIds(db, instanceId, unique);
  for (const r of roles) out.set(r.id, { ...r, permissions: [] });
  const grants = await permissionKeysOfRoles(db, instanceId, unique);
  for (const g of grants) out.get(g.role_id)?.permissions.push(g.key);
  return out;
}

/** The initial role set's key and the key of its creator role. */
export async function findInitialRoleSetKeys(
  db: Kysely<Db>,
  instanceId: string,
): Promise<{ key: string; creatorRoleKey: string | null } | undefined> {
  const row = await db
    .selectFrom('role_sets')
    .leftJoin('roles', 'roles.id', 'role_sets.creator_role_id')
    .select(['role_sets.key', 'roles.key as creator_role_key'])
    .where('role_sets.instance_id', '=', instanceId)
    .where('role_sets.type', '=', 'initial')
    .executeTakeFirst();
  return row ? { key: row.key, creatorRoleKey: row.creator_role_key } : undefined;
}

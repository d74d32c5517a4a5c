import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { generateId } from '../ids/generate-id.js';
import {
  ADMIN_ROLE_KEY,
  DEFAULT_ROLE_SET_KEY,
  DEFAULT_ROLES,
  MEMBER_ROLE_KEY,
  SYSTEM_PERMISSIONS,
} from './default-roles.js';

/**
 * Gives a new instance Clerk's system permissions, the roles `org:admin` and `org:member`,
 * and the initial role set `role_set:default` (creator `org:admin`, default `org:member`).
 * Runs inside the transaction that creates the instance.
 */
export async function seedOrganizationRoles(
  db: Kysely<Db>,
  instanceId: string,
  now: number,
): Promise<void> {
  const base = { instance_id: instanceId, created_at: now, updated_at: now };
  const permissions = SYSTEM_PERMISSIONS.map((p) => ({
    ...base,
    ...p,
    id: generateId('perm', now),
    type: 'system',
  }));
  await db.insertInto('permissions').values(permissions).execute();
  const permissionId = new Map(permissions.map((p) => [p.key, p.id]));
  const roles = DEFAULT_ROLES.map((r) => ({ ...r, id: generateId('role', now) }));
  await db
    .insertInto('roles')
    .values(roles.map(({ permissions: _, ...r }) => ({ ...base, ...r })))
    .execute();
  await db
    .insertInto('role_permissions')
    .values(
      roles.flatMap((r) =>
        r.permissions.map((key) => ({
          role_id: r.id,
          permission_id: permissionId.get(key)!,
          instance_id: instanceId,
        })),
      ),
    )
    .execute();
  const roleId = (key: string) => roles.find((r) => r.key === key)!.id;
  const roleSetId = generateId('rs', now);
  await db
    .insertInto('role_sets')
    .values({
      ...base,
      id: roleSetId,
      key: DEFAULT_ROLE_SET_KEY,
      name: 'Default role set',
      description: null,
      type: 'initial',
      default_role_id: roleId(MEMBER_ROLE_KEY),
      creator_role_id: roleId(ADMIN_ROLE_KEY),
    })
    .execute();
  await db
    .insertInto('role_set_roles')
    .values(
      roles.map((r) => ({
        role_set_id: roleSetId,
        role_id: r.id,
        instance_id: instanceId,
        created_at: now,
      })),
    )
    .execute();
}

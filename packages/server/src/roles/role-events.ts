import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import type { WriteTx } from '../platform/write.js';
import { permissionRowToApi, type Permission } from './permission-mapper.js';
import { isCreatorEligible } from './role-rules.js';
import { findRolesById, permissionsOfRoles, touchRoles } from './role-store.js';

/** A role as the webhooks carry it (`role.created`, `role.updated`). */
export interface RoleEventData {
  object: 'role';
  id: string;
  name: string;
  key: string;
  description: string | null;
  is_creator_eligible: boolean;
  permissions: Permission[];
  created_at: number;
  updated_at: number;
}

export async function rolesToEventData(
  db: Kysely<Db>,
  instanceId: string,
  roleIds: readonly string[],
): Promise<RoleEventData[]> {
  const [roles, permissions] = await Promise.all([
    findRolesById(db, instanceId, roleIds),
    permissionsOfRoles(db, instanceId, roleIds),
  ]);
  return roles
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((role) => {
      const granted = permissions.get(role.id) ?? [];
      return {
        object: 'role',
        id: role.id,
        name: role.name,
        key: role.key,
        description: role.description,
        is_creator_eligible: isCreatorEligible(granted.map((p) => p.key)),
        permissions: granted.map(permissionRowToApi),
        created_at: Number(role.created_at),
        updated_at: Number(role.updated_at),
      };
    });
}

/** Marks roles changed by this write (`updated_at`) and records `role.updated` for each. */
export async function emitRolesUpdated(tx: WriteTx, roleIds: readonly string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await touchRoles(tx.db, tx.instanceId, roleIds, tx.now);
  for (const role of await rolesToEventData(tx.db, tx.instanceId, roleIds)) {
    await tx.emit('role.updated', role);
  }
}

import type { WriteTx } from '../platform/write.js';
import { generateId } from '../ids/generate-id.js';
import { permissionRowToApi } from './permission-mapper.js';
import {
  findPermissionsByKey,
  insertPermission,
  updatePermissionRow,
  type PermissionRow,
} from './permission-store.js';
import type { PermissionDefinition, RoleDefinition } from './role-definitions.js';
import { rolesToEventData } from './role-events.js';
import { isCreatorEligible } from './role-rules.js';
import { syncOrganizationSettings } from './role-set-context.js';
import { lockInitialRoleSet, rolesOfRoleSets, updateRoleSetRow } from './role-set-store.js';
import {
  findRolesByKey,
  insertRole,
  permissionsOfRoles,
  setRolePermissions,
  updateRoleRow,
} from './role-store.js';

/** A configuration the database refuses (an unknown permission, a system key…): the message says why. */
export class RoleConfigError extends Error {}

export interface RoleConfig {
  permissions?: PermissionDefinition[] | undefined;
  roles?: RoleDefinition[] | undefined;
  creatorRole?: string | undefined;
}

async function applyPermissions(tx: WriteTx, definitions: readonly PermissionDefinition[]) {
  const existing = await findPermissionsByKey(
    tx.db,
    tx.instanceId,
    definitions.map((d) => d.key),
  );
  for (const definition of definitions) {
    const name = definition.name.trim();
    const description = (definition.description ?? '').trim();
    const current = existing.find((p) => p.key === definition.key);
    if (current?.type === 'system') {
      throw new RoleConfigError(
        `organization_settings.permissions: ${definition.key} is a system permission`,
      );
    }
    if (!current) {
      const row: PermissionRow = {
        id: generateId('perm', tx.now),
        instance_id: tx.instanceId,
        key: definition.key,
        name,
        description,
        type: 'user',
        created_at: tx.now,
        updated_at: tx.now,
      };
      await insertPermission(tx.db, row);
      await tx.emit('permission.created', permissionRowToApi(row));
    } else if (current.name !== name || current.description !== description) {
      await updatePermissionRow(tx.db, tx.instanceId, current.id, {
        name,
        description,
        updated_at: tx.now,
      });
      await tx.emit(
        'permission.updated',
        permissionRowToApi({ ...current, name, description, updated_at: tx.now }),
      );
    }
  }
}

async function applyRoles(tx: WriteTx, definitions: readonly RoleDefinition[]) {
  const wanted = [...new Set(definitions.flatMap((d) => d.permissions ?? []))];
  const permissions = await findPermissionsByKey(tx.db, tx.instanceId, wanted);
  const permissionId = new Map(permissions.map((p) => [p.key, p.id]));
  const missing = wanted.find((key) => !permissionId.has(key));
  if (missing !== undefined) {
    throw new RoleConfigError(
      `organization_settings.roles: no permission ${missing} (define it in organization_settings.permissions)`,
    );
  }
  const existing = await findRolesByKey(
    tx.db,
    tx.instanceId,
    definitions.map((d) => d.key),
  );
  const granted = await permissionsOfRoles(
    tx.db,
    tx.instanceId,
    existing.map((r) => r.id),
  );
  for (const definition of definitions) {
    const name = definition.name.trim();
    const description = definition.description?.trim() || null;
    const keys = [...(definition.permissions ?? [])].sort();
    const ids = keys.map((key) => permissionId.get(key)!);
    const current = existing.find((r) => r.key === definition.key);
    if (!current) {
      const id = generateId('role', tx.now);
      await insertRole(tx.db, {
        id,
        instance_id: tx.instanceId,
        key: definition.key,
        name,
        description,
        created_at: tx.now,
        updated_at: tx.now,
      });
      await setRolePermissions(tx.db, tx.instanceId, id, ids);
      const [role] = await rolesToEventData(tx.db, tx.instanceId, [id]);
      await tx.emit('role.created', role);
      continue;
    }
    const before = (granted.get(current.id) ?? []).map((p) => p.key).sort();
    const samePermissions = before.join(' ') === keys.join(' ');
    if (current.name === name && current.description === description && samePermissions) continue;
    await updateRoleRow(tx.db, tx.instanceId, current.id, {
      name,
      description,
      updated_at: tx.now,
    });
    if (!samePermissions) await setRolePermissions(tx.db, tx.instanceId, current.id, ids);
    const [role] = await rolesToEventData(tx.db, tx.instanceId, [current.id]);
    await tx.emit('role.updated', role);
  }
}

/** `creator_role`: the initial role set's creator role, as UpdateInstanceOrganizationSettings sets it. */
async function applyCreatorRole(tx: WriteTx, key: string) {
  const initial = await lockInitialRoleSet(tx.db, tx.dialect, tx.instanceId);
  if (!initial) return;
  const role = (
    (await rolesOfRoleSets(tx.db, tx.instanceId, [initial.id])).get(initial.id) ?? []
  ).find((r) => r.key === key);
  if (!role) {
    throw new RoleConfigError(
      `organization_settings.creator_role: ${key} is not a role of the initial role set ${initial.key}`,
    );
  }
  const permissions = (await permissionsOfRoles(tx.db, tx.instanceId, [role.id])).get(role.id);
  if (!isCreatorEligible((permissions ?? []).map((p) => p.key))) {
    throw new RoleConfigError(
      `organization_settings.creator_role: ${key} must grant org:sys_memberships:manage, org:sys_memberships:read and org:sys_profile:delete`,
    );
  }
  if (initial.creator_role_id !== role.id) {
    await updateRoleSetRow(tx.db, tx.instanceId, initial.id, {
      creator_role_id: role.id,
      updated_at: tx.now,
    });
  }
}

/**
 * Applies the roles part of a configuration inside the write that applies the rest: custom
 * permissions, then roles (created or updated by key, a role's permissions replaced by the
 * listed ones), then the creator role. Roles and permissions the configuration does not
 * list are kept. Events: `permission.created|updated`, `role.created|updated`.
 */
export async function applyRoleConfig(tx: WriteTx, config: RoleConfig): Promise<void> {
  if (config.permissions) await applyPermissions(tx, config.permissions);
  if (config.roles) await applyRoles(tx, config.roles);
  if (config.creatorRole !== undefined) {
    await applyCreatorRole(tx, config.creatorRole);
    await syncOrganizationSettings(tx);
  }
}

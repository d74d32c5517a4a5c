import { apiErrors } from '../errors/api-errors.js';
import { patchSection, readOrganizationSettings } from '../instances/instance-settings-service.js';
import type { WriteTx } from '../platform/write.js';
import { isCreatorEligible } from './role-rules.js';
import { findInitialRoleSetKeys } from './role-lookup.js';
import { lockRoleSet, type RoleSetRow } from './role-set-store.js';
import { findRolesByKey, permissionsOfRoles, type RoleRow } from './role-store.js';

/** At most this many role keys per request (`roles`, `role_keys`), as the spec says. */
export const MAX_ROLES_PER_REQUEST = 10;

/** Reads and locks the role set a write changes (key or ID); unknown is a 404. */
export async function lockExistingRoleSet(tx: WriteTx, keyOrId: string): Promise<RoleSetRow> {
  const row = await lockRoleSet(tx.db, tx.dialect, tx.instanceId, keyOrId);
  if (!row) throw apiErrors.notFound('role_set', keyOrId);
  return row;
}

/** The roles named by `keys`, in that order; the first unknown one is a 404 naming `param`. */
export async function resolveRoleKeys(
  tx: WriteTx,
  keys: readonly string[],
  param: string,
): Promise<RoleRow[]> {
  const rows = await findRolesByKey(tx.db, tx.instanceId, keys);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return keys.map((key) => {
    const role = byKey.get(key);
    if (!role) throw apiErrors.roleNotFound(param, key);
    return role;
  });
}

/** A creator role must let its holder manage members and delete the organization. */
export async function assertCreatorEligible(
  tx: WriteTx,
  role: RoleRow,
  param: string,
): Promise<void> {
  const granted = (await permissionsOfRoles(tx.db, tx.instanceId, [role.id])).get(role.id) ?? [];
  if (!isCreatorEligible(granted.map((p) => p.key))) {
    throw apiErrors.creatorRoleNotEligible(param, role.key);
  }
}

/** A role set may hold `max_allowed_roles` roles (0: no limit). */
export async function assertRoleCount(tx: WriteTx, count: number, param: string): Promise<void> {
  const max = (await readOrganizationSettings(tx.db, tx.instanceId)).max_allowed_roles;
  if (max > 0 && count > max) throw apiErrors.roleSetRoleLimit(param, String(max), String(count));
}

/**
 * Keeps the settings document in step with the initial role set: `initial_role_set_key`
 * and `creator_role` (what GetInstanceOrganizationSettings reports) are that set's key and
 * creator role. Called at the end of every write that may change either.
 */
export async function syncOrganizationSettings(tx: WriteTx): Promise<void> {
  const initial = await findInitialRoleSetKeys(tx.db, tx.instanceId);
  if (!initial) return;
  await patchSection(tx, 'organizations', {
    initial_role_set_key: initial.key,
    ...(initial.creatorRoleKey !== null ? { creator_role: initial.creatorRoleKey } : {}),
  });
}

/**
 * Serializes the writes that may change which role set is initial, or its creator role: they
 * all lock the instance's settings row first (a statement after the lock sees what the write
 * before committed), so two of them cannot each leave a different initial set.
 */
export async function lockOrganizationSettings(tx: WriteTx): Promise<void> {
  await patchSection(tx, 'organizations', {});
}

import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import {
  assertCreatorEligible,
  assertRoleCount,
  lockExistingRoleSet,
  lockOrganizationSettings,
  MAX_ROLES_PER_REQUEST,
  resolveRoleKeys,
  syncOrganizationSettings,
} from './role-set-context.js';
import {
  lockOrganizationsOfRoleSet,
  moveOrganizations,
  reassignRole,
  rolesHeldInRoleSet,
} from './role-set-migration-store.js';
import { roleInSet } from './role-set-service.js';
import {
  addRolesToSet,
  deleteRoleSetRow,
  lockRoleSet,
  removeRoleFromSet,
  rolesOfRoleSets,
  updateRoleSetRow,
} from './role-set-store.js';
import { roleSetToApi, type RoleSet } from './role-set-view.js';
import { parseKeyList } from './role-rules.js';

/**
 * Role set changes that move members: done synchronously, inside the write that asks for
 * them (Clerk runs them as background migrations; here `role_set_migration` stays null).
 * Each locks the role set, then every organization using it, so no membership can be added
 * with a role the set is losing while the change runs.
 */

/** `POST /v1/role_sets/{key or ID}/roles`: adds roles; the default/creator may become new ones. */
export async function addRolesToRoleSet(
  scope: Scope,
  keyOrId: string,
  input: RequestBody<'AddRolesToRoleSet'>,
): Promise<RoleSet> {
  const keys = parseKeyList(input.role_keys, 'role_keys', MAX_ROLES_PER_REQUEST);
  for (const param of ['default_role_key', 'creator_role_key'] as const) {
    const key = input[param];
    if (key !== undefined && !keys.includes(key)) {
      throw apiErrors.roleNotInRoleSet(param, key, 'role_keys');
    }
  }
  return runWrite(scope, async (tx) => {
    await lockOrganizationSettings(tx);
    const row = await lockExistingRoleSet(tx, keyOrId);
    const roles = await resolveRoleKeys(tx, keys, 'role_keys');
    const current = (await rolesOfRoleSets(tx.db, tx.instanceId, [row.id])).get(row.id) ?? [];
    const present = roles.find((r) => current.some((c) => c.id === r.id));
    if (present) throw apiErrors.roleAlreadyInRoleSet('role_keys', present.key, row.key);
    await assertRoleCount(tx, current.length + roles.length, 'role_keys');
    const next = { ...row, updated_at: tx.now };
    if (input.default_role_key !== undefined) {
      next.default_role_id = roles.find((r) => r.key === input.default_role_key)!.id;
    }
    if (input.creator_role_key !== undefined) {
      const creator = roles.find((r) => r.key === input.creator_role_key)!;
      await assertCreatorEligible(tx, creator, 'creator_role_key');
      next.creator_role_id = creator.id;
    }
    await addRolesToSet(
      tx.db,
      tx.instanceId,
      row.id,
      roles.map((r) => r.id),
      tx.now,
    );
    await updateRoleSetRow(tx.db, tx.instanceId, row.id, {
      default_role_id: next.default_role_id,
      creator_role_id: next.creator_role_id,
      updated_at: tx.now,
    });
    await syncOrganizationSettings(tx);
    return roleSetToApi(tx.db, tx.instanceId, next);
  });
}

/**
 * `POST /v1/role_sets/{key or ID}/roles/replace`: members (and pending invitations) of the
 * set's organizations holding `role_key` get `to_role_key`, which joins the set if it was
 * not in it; `role_key` leaves the set, and where it was the default or creator role,
 * `to_role_key` takes its place.
 */
export async function replaceRoleInRoleSet(
  scope: Scope,
  keyOrId: string,
  input: RequestBody<'ReplaceRoleInRoleSet'>,
): Promise<RoleSet> {
  if (input.role_key === input.to_role_key) {
    throw apiErrors.paramValueInvalid('to_role_key', 'must differ from role_key');
  }
  return runWrite(scope, async (tx) => {
    await lockOrganizationSettings(tx);
    const row = await lockExistingRoleSet(tx, keyOrId);
    const from = await roleInSet(tx, row, input.role_key, 'role_key');
    const [to] = await resolveRoleKeys(tx, [input.to_role_key], 'to_role_key');
    const current = (await rolesOfRoleSets(tx.db, tx.instanceId, [row.id])).get(row.id) ?? [];
    if (row.creator_role_id === from.id) await assertCreatorEligible(tx, to!, 'to_role_key');
    await lockOrganizationsOfRoleSet(tx.db, tx.dialect, tx.instanceId, row.id);
    if (!current.some((r) => r.id === to!.id)) {
      await addRolesToSet(tx.db, tx.instanceId, row.id, [to!.id], tx.now);
    }
    await reassignRole(tx.db, tx.instanceId, row.id, from.id, to!.id, tx.now);
    await removeRoleFromSet(tx.db, tx.instanceId, row.id, from.id);
    const next = {
      ...row,
      default_role_id: row.default_role_id === from.id ? to!.id : row.default_role_id,
      creator_role_id: row.creator_role_id === from.id ? to!.id : row.creator_role_id,
      updated_at: tx.now,
    };
    await updateRoleSetRow(tx.db, tx.instanceId, row.id, {
      default_role_id: next.default_role_id,
      creator_role_id: next.creator_role_id,
      updated_at: tx.now,
    });
    await syncOrganizationSettings(tx);
    return roleSetToApi(tx.db, tx.instanceId, next);
  });
}

/**
 * `POST /v1/role_sets/{key or ID}/replace`: every organization of the set moves to
 * `dest_role_set_key`; members (and pending invitations) whose role the destination lacks
 * get the role `reassignment_mappings` names for it (refused when one has none); then the
 * set is deleted. The initial role set cannot be replaced: another must be made initial first.
 */
export async function replaceRoleSet(
  scope: Scope,
  keyOrId: string,
  input: RequestBody<'ReplaceRoleSet'>,
): Promise<{ object: string; id: string; deleted: boolean }> {
  const mappings = Object.entries(input.reassignment_mappings ?? {});
  return runWrite(scope, async (tx) => {
    await lockOrganizationSettings(tx);
    const source = await lockExistingRoleSet(tx, keyOrId);
    if (source.type === 'initial') throw apiErrors.initialRoleSetNotReplaceable(source.key);
    const dest = await lockRoleSet(tx.db, tx.dialect, tx.instanceId, input.dest_role_set_key);
    if (!dest || dest.key !== input.dest_role_set_key) {
      throw apiErrors.roleSetParamNotFound('dest_role_set_key', input.dest_role_set_key);
    }
    if (dest.id === source.id) {
      throw apiErrors.paramValueInvalid('dest_role_set_key', 'must be another role set');
    }
    const roles = await rolesOfRoleSets(tx.db, tx.instanceId, [source.id, dest.id]);
    const sourceRoles = roles.get(source.id) ?? [];
    const destRoles = roles.get(dest.id) ?? [];
    const mapped = new Map<string, string>();
    for (const [fromKey, toKey] of mappings) {
      const from = sourceRoles.find((r) => r.key === fromKey);
      if (!from) throw apiErrors.roleNotInRoleSet('reassignment_mappings', fromKey, source.key);
      const to = destRoles.find((r) => r.key === toKey);
      if (!to) throw apiErrors.roleNotInRoleSet('reassignment_mappings', toKey, dest.key);
      if (mappings.some(([k]) => k === toKey) && toKey !== fromKey) {
        throw apiErrors.paramValueInvalid(
          'reassignment_mappings',
          `maps to ${toKey}, which it also maps away`,
        );
      }
      if (from.id !== to.id) mapped.set(from.id, to.id);
    }
    await lockOrganizationsOfRoleSet(tx.db, tx.dialect, tx.instanceId, source.id);
    const held = await rolesHeldInRoleSet(tx.db, tx.instanceId, source.id);
    for (const roleId of held) {
      if (destRoles.some((r) => r.id === roleId) || mapped.has(roleId)) continue;
      const key = sourceRoles.find((r) => r.id === roleId)?.key ?? roleId;
      throw apiErrors.reassignmentMappingMissing(key, dest.key);
    }
    for (const [fromId, toId] of mapped) {
      if (held.has(fromId)) {
        await reassignRole(tx.db, tx.instanceId, source.id, fromId, toId, tx.now);
      }
    }
    await moveOrganizations(tx.db, tx.instanceId, source.id, dest.id, tx.now);
    await deleteRoleSetRow(tx.db, tx.instanceId, source.id);
    await syncOrganizationSettings(tx);
    return { object: 'role_set', id: source.id, deleted: true };
  });
}

import { apiErrors } from '../errors/api-errors.js';
import type { WriteTx } from '../platform/write.js';
import { findInitialRoleSetKeys } from './role-lookup.js';
import { assertCreatorEligible } from './role-set-context.js';
import { lockInitialRoleSet, rolesOfRoleSets, updateRoleSetRow } from './role-set-store.js';
import { findRole, type RoleRow } from './role-store.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';

export { findInitialRoleSetKeys };

async function roleById(tx: WriteTx, id: string): Promise<RoleRow> {
  const role = id.startsWith('role_') ? await findRole(tx.db, tx.instanceId, id) : undefined;
  if (!role) throw apiErrors.notFound('role', id);
  return role;
}

/**
 * The role IDs of UpdateInstanceOrganizationSettings, inside its write: `creator_role_id`
 * becomes the initial role set's creator role (a role of that set, able to manage members
 * and delete the organization), `domains_default_role_id` any role of the instance. Answers
 * the keys to store as `creator_role` and `domains_default_role`.
 */
export async function applyOrganizationRoleSettings(
  tx: WriteTx,
  input: { creatorRoleId?: string | undefined; domainsDefaultRoleId?: string | undefined },
): Promise<{ creator_role?: string; domains_default_role?: string }> {
  const out: { creator_role?: string; domains_default_role?: string } = {};
  if (input.creatorRoleId !== undefined) {
    const role = await roleById(tx, input.creatorRoleId);
    const initial = await lockInitialRoleSet(tx.db, tx.dialect, tx.instanceId);
    if (!initial) throw apiErrors.notFound('role_set', 'initial');
    const roles = (await rolesOfRoleSets(tx.db, tx.instanceId, [initial.id])).get(initial.id);
    if (!roles?.some((r) => r.id === role.id)) {
      throw apiErrors.roleNotInRoleSet('creator_role_id', role.key, initial.key);
    }
    await assertCreatorEligible(tx, role, 'creator_role_id');
    await updateRoleSetRow(tx.db, tx.instanceId, initial.id, {
      creator_role_id: role.id,
      updated_at: tx.now,
    });
    out.creator_role = role.key;
  }
  if (input.domainsDefaultRoleId !== undefined) {
    out.domains_default_role = (await roleById(tx, input.domainsDefaultRoleId)).key;
  }
  return out;
}

/** What the settings answer takes from the initial role set: its key and creator role. */
export async function initialRoleSetSettings(
  db: Kysely<Db>,
  instanceId: string,
): Promise<{ initial_role_set_key?: string; creator_role?: string }> {
  const initial = await findInitialRoleSetKeys(db, instanceId);
  if (!initial) return {};
  return {
    initial_role_set_key: initial.key,
    ...(initial.creatorRoleKey !== null ? { creator_role: initial.creatorRoleKey } : {}),
  };
}

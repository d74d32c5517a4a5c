import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';

/**
 * The SQL of role set migrations: the only writes of `organizations.role_set_id` and of
 * `organization_memberships.role_id` / `organization_invitations.role_id` made on behalf of
 * a role set. They run inside the write that changes the set, with the set's organizations
 * locked (`lockOrganizationsOfRoleSet`), so no membership can be added with a role the set
 * is losing while the migration runs.
 */

const organizationsOf = (db: Kysely<Db>, instanceId: string, roleSetId: string) =>
  db
    .selectFrom('organizations')
    .select('organizations.id')
    .where('organizations.instance_id', '=', instanceId)
    .where('organizations.role_set_id', '=', roleSetId);

/** Locks every organization using the role set (a membership write locks its organization first). */
export async function lockOrganizationsOfRoleSet(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  roleSetId: string,
): Promise<number> {
  const rows = await dialect.lockForUpdate(organizationsOf(db, instanceId, roleSetId)).execute();
  return rows.length;
}

/** Members per role among the organizations of each role set (`RoleSetItem.members_count`). */
export async function countMembersByRole(
  db: Kysely<Db>,
  instanceId: string,
  roleSetIds: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>(roleSetIds.map((id) => [id, new Map()]));
  if (roleSetIds.length === 0) return out;
  const rows = await db
    .selectFrom('organization_memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['o.role_set_id', 'm.role_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('o.instance_id', '=', instanceId)
    .where('o.role_set_id', 'in', [...roleSetIds])
    .groupBy(['o.role_set_id', 'm.role_id'])
    .execute();
  for (const row of rows) {
    if (row.role_set_id !== null) out.get(row.role_set_id)?.set(row.role_id, Number(row.n));
  }
  return out;
}

/**
 * The roles held in the organizations of a role set: by a member, or by a pending invitation
 * (accepting it would make a member of that role).
 */
export async function rolesHeldInRoleSet(
  db: Kysely<Db>,
  instanceId: string,
  roleSetId: string,
): Promise<Set<string>> {
  const [members, invitations] = await Promise.all([
    db
      .selectFrom('organization_memberships')
      .select('role_id')
      .distinct()
      .where('instance_id', '=', instanceId)
      .where('organization_id', 'in', organizationsOf(db, instanceId, roleSetId))
      .execute(),
    db
      .selectFrom('organization_invitations')
      .select('role_id')
      .distinct()
      .where('instance_id', '=', instanceId)
      .where('status', '=', 'pending')
      .where('organization_id', 'in', organizationsOf(db, instanceId, roleSetId))
      .execute(),
  ]);
  return new Set([...members, ...invitations].map((r) => r.role_id));
}

/**
 * Gives every member (and pending invitation) of the role set's organizations holding role
 * `fromRoleId` the role `toRoleId`. Answers how many memberships changed.
 */
export async function reassignRole(
  db: Kysely<Db>,
  instanceId: string,
  roleSetId: string,
  fromRoleId: string,
  toRoleId: string,
  now: number,
): Promise<number> {
  const result = await db
    .updateTable('organization_memberships')
    .set({ role_id: toRoleId, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('role_id', '=', fromRoleId)
    .where('organization_id', 'in', organizationsOf(db, instanceId, roleSetId))
    .executeTakeFirst();
  await db
    .updateTable('organization_invitations')
    .set({ role_id: toRoleId, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('status', '=', 'pending')
    .where('role_id', '=', fromRoleId)
    .where('organization_id', 'in', organizationsOf(db, instanceId, roleSetId))
    .execute();
  return Number(result.numUpdatedRows);
}

/** Moves every organization of role set `fromId` to role set `toId`. */
export async function moveOrganizations(
  db: Kysely<Db>,
  instanceId: string,
  fromId: string,
  toId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ role_set_id: toId, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('role_set_id', '=', fromId)
    .execute();
}

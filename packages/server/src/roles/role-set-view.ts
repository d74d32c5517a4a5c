import type { ResponseBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { countMembersByRole } from './role-set-migration-store.js';
import { rolesOfRoleSets, type RoleSetRow } from './role-set-store.js';
import type { RoleRow } from './role-store.js';

export type RoleSet = ResponseBody<'GetRoleSet', '200'>;
type RoleSetItem = RoleSet['roles'][number];

function itemOf(role: RoleRow, membersCount: number): RoleSetItem {
  return {
    object: 'role_set_item',
    id: role.id,
    name: role.name,
    key: role.key,
    description: role.description,
    members_count: membersCount,
    has_members: membersCount > 0,
    created_at: Number(role.created_at),
    updated_at: Number(role.updated_at),
  };
}

/**
 * Role sets as the API answers them: their roles with the members holding each (counted in
 * the organizations using the set). Migrations run inside the write that asks for them, so
 * none is ever in progress: `role_set_migration` is always null.
 */
export async function roleSetsToApi(
  db: Kysely<Db>,
  instanceId: string,
  rows: readonly RoleSetRow[],
): Promise<RoleSet[]> {
  const ids = rows.map((r) => r.id);
  const [roles, counts] = await Promise.all([
    rolesOfRoleSets(db, instanceId, ids),
    countMembersByRole(db, instanceId, ids),
  ]);
  return rows.map((row) => {
    const setCounts = counts.get(row.id);
    const items = (roles.get(row.id) ?? []).map((role) =>
      itemOf(role, setCounts?.get(role.id) ?? 0),
    );
    const item = (id: string | null) => items.find((i) => i.id === id) ?? null;
    return {
      object: 'role_set',
      id: row.id,
      name: row.name,
      key: row.key,
      description: row.description,
      roles: items,
      default_role: item(row.default_role_id),
      creator_role: item(row.creator_role_id),
      type: row.type as 'initial' | 'custom',
      role_set_migration: null,
      created_at: Number(row.created_at),
      updated_at: Number(row.updated_at),
    };
  });
}

export async function roleSetToApi(
  db: Kysely<Db>,
  instanceId: string,
  row: RoleSetRow,
): Promise<RoleSet> {
  return (await roleSetsToApi(db, instanceId, [row]))[0]!;
}

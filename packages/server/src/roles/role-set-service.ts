import { countCatalogueRows, listCatalogueRows } from './catalogue-list-store.js';
import { randomBytes } from 'node:crypto';
import type { RequestBody, RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';
import { runWrite, type WriteTx } from '../platform/write.js';
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
  parseDescription,
  parseKeyList,
  parseName,
  parseRoleSetKey,
  roleSetKeyFromName,
} from './role-rules.js';
import {
  addRolesToSet,
  demoteInitialRoleSets,
  findRoleSet,
  insertRoleSet,
  rolesOfRoleSets,
  ROLE_SET_ORDER_COLUMNS,
  updateRoleSetRow,
  type RoleSetRow,
} from './role-set-store.js';
import { roleSetsToApi, roleSetToApi, type RoleSet } from './role-set-view.js';
import type { RoleRow } from './role-store.js';

// The service looks first; this answers a concurrent request that took the same key.
registerUniqueIndexes([
  {
    name: 'role_sets_key',
    table: 'role_sets',
    columns: ['instance_id', 'key'],
    error: () => apiErrors.roleSetKeyExists(),
  },
]);

/** `GET /v1/role_sets`: newest first unless `order_by` says otherwise. */
export async function listRoleSets(
  scope: Scope,
  query: RequestQuery<'ListRoleSets'>,
): Promise<{ data: RoleSet[]; total_count: number }> {
  const ordering = parseOrderBy(query.order_by, ROLE_SET_ORDER_COLUMNS, '-created_at');
  const search = query.query?.trim();
  const [rows, total] = await Promise.all([
    listCatalogueRows(scope.db, 'role_sets', scope.instanceId, search, ordering, pageOf(query)),
    countCatalogueRows(scope.db, 'role_sets', scope.instanceId, search),
  ]);
  return paginated(await roleSetsToApi(scope.db, scope.instanceId, rows), total);
}

/** `GET /v1/role_sets/{key or ID}`. */
export async function getRoleSet(scope: Scope, keyOrId: string): Promise<RoleSet> {
  const row = await findRoleSet(scope.db, scope.instanceId, keyOrId);
  if (!row) throw apiErrors.notFound('role_set', keyOrId);
  return roleSetToApi(scope.db, scope.instanceId, row);
}

/** A key made from the name; a taken one gets a random suffix. */
async function generateKey(tx: WriteTx, name: string): Promise<string> {
  const base = roleSetKeyFromName(name);
  let key = base;
  while (await findRoleSet(tx.db, tx.instanceId, key)) {
    key = `${base}_${randomBytes(4).toString('hex')}`;
  }
  return key;
}

/**
 * Before a write makes `id` the initial set: the previous initial set becomes custom (first,
 * as the schema allows one initial set per instance).
 */
async function demotePreviousInitial(tx: WriteTx, type: string, id: string): Promise<void> {
  if (type === 'initial') await demoteInitialRoleSets(tx.db, tx.instanceId, id, tx.now);
}

/**
 * `POST /v1/role_sets`: 1–10 roles of the instance, the default and creator roles among
 * them, the creator role able to manage members and delete the organization.
 */
export async function createRoleSet(
  scope: Scope,
  input: RequestBody<'CreateRoleSet'>,
): Promise<RoleSet> {
  const name = parseName(input.name);
  const givenKey = input.key === undefined ? undefined : parseRoleSetKey(input.key);
  const description =
    typeof input.description === 'string' ? parseDescription(input.description) || null : null;
  const keys = parseKeyList(input.roles, 'roles', MAX_ROLES_PER_REQUEST);
  for (const param of ['default_role_key', 'creator_role_key'] as const) {
    if (!keys.includes(input[param]))
      throw apiErrors.roleNotInRoleSet(param, input[param], 'roles');
  }
  const type = input.type ?? 'custom';
  return runWrite(scope, async (tx) => {
    if (type === 'initial') await lockOrganizationSettings(tx);
    await assertRoleCount(tx, keys.length, 'roles');
    const roles = await resolveRoleKeys(tx, keys, 'roles');
    const roleId = (key: string) => roles.find((r) => r.key === key)!.id;
    const creator = roles.find((r) => r.key === input.creator_role_key)!;
    await assertCreatorEligible(tx, creator, 'creator_role_key');
    if (givenKey !== undefined && (await findRoleSet(tx.db, tx.instanceId, givenKey))) {
      throw apiErrors.roleSetKeyExists();
    }
    const row: RoleSetRow = {
      id: generateId('rs', tx.now),
      instance_id: tx.instanceId,
      key: givenKey ?? (await generateKey(tx, name)),
      name,
      description,
      type,
      default_role_id: roleId(input.default_role_key),
      creator_role_id: creator.id,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await demotePreviousInitial(tx, row.type, row.id);
    await insertRoleSet(tx.db, row);
    await addRolesToSet(
      tx.db,
      tx.instanceId,
      row.id,
      roles.map((r) => r.id),
      tx.now,
    );
    await syncOrganizationSettings(tx);
    return roleSetToApi(tx.db, tx.instanceId, row);
  });
}

/** The role `key` of the locked set `row`, for `param`; a role outside the set is a 422. */
export async function roleInSet(
  tx: WriteTx,
  row: RoleSetRow,
  key: string,
  param: string,
): Promise<RoleRow> {
  const roles = (await rolesOfRoleSets(tx.db, tx.instanceId, [row.id])).get(row.id) ?? [];
  const role = roles.find((r) => r.key === key);
  if (!role) throw apiErrors.roleNotInRoleSet(param, key, row.key);
  return role;
}

/**
 * `PATCH /v1/role_sets/{key or ID}`: name, key, description (null clears it), `type:
 * initial` (the previous initial set becomes custom), default and creator roles (roles of
 * the set). Other nulls change nothing.
 */
export async function updateRoleSet(
  scope: Scope,
  keyOrId: string,
  input: RequestBody<'UpdateRoleSet'>,
): Promise<RoleSet> {
  const name = typeof input.name === 'string' ? parseName(input.name) : undefined;
  const key = typeof input.key === 'string' ? parseRoleSetKey(input.key) : undefined;
  const description =
    input.description === undefined
      ? undefined
      : input.description === null
        ? null
        : parseDescription(input.description) || null;
  return runWrite(scope, async (tx) => {
    // Any change may touch the initial set (its creator role, its key): settings first.
    await lockOrganizationSettings(tx);
    const current = await lockExistingRoleSet(tx, keyOrId);
    if (
      key !== undefined &&
      key !== current.key &&
      (await findRoleSet(tx.db, tx.instanceId, key))
    ) {
      throw apiErrors.roleSetKeyExists();
    }
    const row: RoleSetRow = { ...current, updated_at: tx.now };
    if (name !== undefined) row.name = name;
    if (key !== undefined) row.key = key;
    if (description !== undefined) row.description = description;
    if (input.type === 'initial') row.type = 'initial';
    if (typeof input.default_role_key === 'string') {
      row.default_role_id = (
        await roleInSet(tx, current, input.default_role_key, 'default_role_key')
      ).id;
    }
    if (typeof input.creator_role_key === 'string') {
      const creator = await roleInSet(tx, current, input.creator_role_key, 'creator_role_key');
      await assertCreatorEligible(tx, creator, 'creator_role_key');
      row.creator_role_id = creator.id;
    }
    const { id: _id, instance_id: _instance, created_at: _created, ...changes } = row;
    await demotePreviousInitial(tx, row.type, row.id);
    await updateRoleSetRow(tx.db, tx.instanceId, current.id, changes);
    await syncOrganizationSettings(tx);
    return roleSetToApi(tx.db, tx.instanceId, row);
  });
}

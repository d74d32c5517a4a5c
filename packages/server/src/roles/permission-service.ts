import { countCatalogueRows, listCatalogueRows } from './catalogue-list-store.js';
import type { RequestBody, RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { permissionRowToApi, type Permission } from './permission-mapper.js';
import {
  deletePermissionRow,
  findPermission,
  findPermissionsByKey,
  insertPermission,
  lockPermission,
  PERMISSION_ORDER_COLUMNS,
  updatePermissionRow,
  type PermissionRow,
} from './permission-store.js';
import { emitRolesUpdated } from './role-events.js';
import { rolesGrantingPermission } from './role-store.js';
import { parseDescription, parseName, parsePermissionKey } from './role-rules.js';

// The service looks first; this answers a concurrent request that took the same key.
registerUniqueIndexes([
  {
    name: 'permissions_key',
    table: 'permissions',
    columns: ['instance_id', 'key'],
    error: () => apiErrors.permissionKeyExists(),
  },
]);

/** `GET /v1/organization_permissions`: newest first unless `order_by` says otherwise. */
export async function listPermissions(
  scope: Scope,
  query: RequestQuery<'ListOrganizationPermissions'>,
): Promise<{ data: Permission[]; total_count: number }> {
  const ordering = parseOrderBy(query.order_by, PERMISSION_ORDER_COLUMNS, '-created_at');
  const search = query.query?.trim();
  const [rows, total] = await Promise.all([
    listCatalogueRows(scope.db, 'permissions', scope.instanceId, search, ordering, pageOf(query)),
    countCatalogueRows(scope.db, 'permissions', scope.instanceId, search),
  ]);
  return paginated(rows.map(permissionRowToApi), total);
}

export async function getPermission(scope: Scope, id: string): Promise<Permission> {
  const row = await findPermission(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound('permission', id);
  return permissionRowToApi(row);
}

async function assertKeyFree(tx: WriteTx, key: string): Promise<void> {
  if ((await findPermissionsByKey(tx.db, tx.instanceId, [key])).length > 0) {
    throw apiErrors.permissionKeyExists();
  }
}

/** `POST /v1/organization_permissions`: a custom permission (`type: user`). */
export async function createPermission(
  scope: Scope,
  input: RequestBody<'CreateOrganizationPermission'>,
): Promise<Permission> {
  const name = parseName(input.name);
  const key = parsePermissionKey(input.key);
  const description = parseDescription(input.description ?? '');
  return runWrite(scope, async (tx) => {
    await assertKeyFree(tx, key);
    const row: PermissionRow = {
      id: generateId('perm', tx.now),
      instance_id: tx.instanceId,
      key,
      name,
      description,
      type: 'user',
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertPermission(tx.db, row);
    const permission = permissionRowToApi(row);
    await tx.emit('permission.created', permission);
    return permission;
  });
}

async function lockCustomPermission(tx: WriteTx, id: string): Promise<PermissionRow> {
  const row = await lockPermission(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound('permission', id);
  if (row.type === 'system') throw apiErrors.systemPermissionImmutable(row.key);
  return row;
}

/**
 * `PATCH /v1/organization_permissions/{id}`: name, key, description. The roles granting it
 * change with it (their members' `permissions` list the new key): `role.updated` for each.
 */
export async function updatePermission(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateOrganizationPermission'>,
): Promise<Permission> {
  const name = input.name === undefined ? undefined : parseName(input.name);
  const key = input.key === undefined ? undefined : parsePermissionKey(input.key);
  const description =
    input.description === undefined ? undefined : parseDescription(input.description);
  return runWrite(scope, async (tx) => {
    const current = await lockCustomPermission(tx, id);
    if (key !== undefined && key !== current.key) await assertKeyFree(tx, key);
    const row: PermissionRow = {
      ...current,
      name: name ?? current.name,
      key: key ?? current.key,
      description: description ?? current.description,
      updated_at: tx.now,
    };
    await updatePermissionRow(tx.db, tx.instanceId, id, {
      name: row.name,
      key: row.key,
      description: row.description,
      updated_at: tx.now,
    });
    const permission = permissionRowToApi(row);
    await tx.emit('permission.updated', permission);
    if (row.key !== current.key) {
      await emitRolesUpdated(tx, await rolesGrantingPermission(tx.db, tx.instanceId, id));
    }
    return permission;
  });
}

/** `DELETE /v1/organization_permissions/{id}`: every role granting it loses it. */
export async function deletePermission(
  scope: Scope,
  id: string,
): Promise<{ object: string; id: string; deleted: boolean }> {
  return runWrite(scope, async (tx) => {
    await lockCustomPermission(tx, id);
    const roleIds = await rolesGrantingPermission(tx.db, tx.instanceId, id);
    await deletePermissionRow(tx.db, tx.instanceId, id);
    const deleted = { object: 'permission', id, deleted: true };
    await tx.emit('permission.deleted', deleted);
    await emitRolesUpdated(tx, roleIds);
    return deleted;
  });
}

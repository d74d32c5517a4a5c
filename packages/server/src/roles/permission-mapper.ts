import type { ResponseBody } from '@castellan/contract';
import type { PermissionRow } from './permission-store.js';

export type Permission = ResponseBody<'GetOrganizationPermission', '200'>;

export function permissionRowToApi(row: PermissionRow): Permission {
  return {
    object: 'permission',
    id: row.id,
    name: row.name,
    key: row.key,
    description: row.description,
    type: row.type,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

import { defineRoutes } from '../platform/routes.js';
import {
  createPermission,
  deletePermission,
  getPermission,
  listPermissions,
  updatePermission,
} from './permission-service.js';
import {
  addRolesToRoleSet,
  replaceRoleInRoleSet,
  replaceRoleSet,
} from './role-set-migration-service.js';
import { createRoleSet, getRoleSet, listRoleSets, updateRoleSet } from './role-set-service.js';

/** Organization permissions and role sets. */
export const roleRoutes = defineRoutes({
  ListOrganizationPermissions: ({ scope, query }) => listPermissions(scope, query),
  CreateOrganizationPermission: ({ scope, body }) => createPermission(scope, body),
  GetOrganizationPermission: ({ scope, params }) => getPermission(scope, params.permission_id),
  UpdateOrganizationPermission: ({ scope, params, body }) =>
    updatePermission(scope, params.permission_id, body),
  DeleteOrganizationPermission: ({ scope, params }) =>
    deletePermission(scope, params.permission_id),
  ListRoleSets: ({ scope, query }) => listRoleSets(scope, query),
  CreateRoleSet: ({ scope, body }) => createRoleSet(scope, body),
  GetRoleSet: ({ scope, params }) => getRoleSet(scope, params.role_set_key_or_id),
  UpdateRoleSet: ({ scope, params, body }) => updateRoleSet(scope, params.role_set_key_or_id, body),
  ReplaceRoleSet: ({ scope, params, body }) =>
    replaceRoleSet(scope, params.role_set_key_or_id, body),
  AddRolesToRoleSet: ({ scope, params, body }) =>
    addRolesToRoleSet(scope, params.role_set_key_or_id, body),
  ReplaceRoleInRoleSet: ({ scope, params, body }) =>
    replaceRoleInRoleSet(scope, params.role_set_key_or_id, body),
});

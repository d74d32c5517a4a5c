import type { CatalogueEntry } from '../catalogue-entry.js';

/** Organization permissions, roles and role sets. */
export const roleErrors = {
  permissionKeyInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: 'key',
    message: 'is invalid',
    longMessage:
      'The permission key %s is invalid: it must look like org:<feature>:<action>, each segment lowercase letters, digits or underscores.',
  },
  permissionKeyReserved: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'key',
    message: 'is reserved',
    longMessage:
      'The permission key %s is reserved: keys starting with org:sys_ are system permissions.',
  },
  permissionKeyExists: {
    code: 'duplicate_record',
    status: 400,
    param: 'key',
    message: 'duplicate permission key',
    longMessage: 'This instance already has a permission with this key.',
  },
  systemPermissionImmutable: {
    code: 'system_permission_not_modifiable',
    status: 403,
    message: 'system permission',
    longMessage: 'The permission %s is a system permission: it cannot be changed or deleted.',
  },
  roleSetKeyInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: 'key',
    message: 'is invalid',
    longMessage:
      'The role set key %s is invalid: it must be role_set: followed by lowercase letters, digits or underscores.',
  },
  roleSetKeyExists: {
    code: 'duplicate_record',
    status: 400,
    param: 'key',
    message: 'duplicate role set key',
    longMessage: 'This instance already has a role set with this key.',
  },
  roleNotFound: {
    code: 'resource_not_found',
    status: 404,
    param: true,
    message: 'not found',
    longMessage: 'No role with the key or ID %s exists in this instance.',
  },
  roleSetParamNotFound: {
    code: 'resource_not_found',
    status: 404,
    param: true,
    message: 'not found',
    longMessage: 'No role set with the key %s exists in this instance.',
  },
  roleNotInRoleSet: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: 'The role %s is not one of the roles of role set %s.',
  },
  roleAlreadyInRoleSet: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: 'The role %s is already in role set %s.',
  },
  creatorRoleNotEligible: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage:
      'The role %s cannot be the creator role: it must grant org:sys_memberships:manage, org:sys_memberships:read and org:sys_profile:delete.',
  },
  roleSetRoleLimit: {
    code: 'form_param_exceeds_allowed_size',
    status: 422,
    param: true,
    message: 'exceeds allowed size',
    longMessage: 'A role set may hold at most %s roles (max_allowed_roles); this would make %s.',
  },
  reassignmentMappingMissing: {
    code: 'form_param_missing',
    status: 422,
    param: 'reassignment_mappings',
    message: 'missing data',
    longMessage:
      'reassignment_mappings needs a destination role for %s: members or pending invitations of organizations using this role set hold it, and role set %s does not have it.',
  },
  initialRoleSetNotReplaceable: {
    code: 'initial_role_set_not_replaceable',
    status: 422,
    message: 'initial role set',
    longMessage:
      'The role set %s is the initial role set of the instance: make another role set initial (UpdateRoleSet type=initial) before replacing it.',
  },
} as const satisfies Record<string, CatalogueEntry>;

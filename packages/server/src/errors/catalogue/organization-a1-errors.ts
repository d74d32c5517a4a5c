import type { CatalogueEntry } from '../catalogue-entry.js';

/** Organizations: updating, deleting and their logos. */
export const organizationA1Errors = {
  // For the operations whose spec declares no 403 (DeleteOrganization, the metadata and
  // logo deletion): the same code, as a 400.
  organizationsNotEnabledHere: {
    code: 'organization_not_enabled_in_instance',
    status: 400,
    message: 'organizations not enabled',
    longMessage:
      'The organizations feature is not enabled for this instance. Enable it with PATCH /v1/instance/organization_settings.',
  },
  organizationMetadataNotAcceptedHere: {
    code: 'form_param_unknown',
    status: 422,
    param: true,
    message: 'is unknown',
    longMessage:
      '{param} is not accepted here from API version %s: use PATCH or PUT /v1/organizations/{organization_id}/metadata.',
  },
  organizationRoleSetMissingRoles: {
    code: 'organization_role_set_missing_roles',
    status: 422,
    param: 'role_set_key',
    message: 'is invalid',
    longMessage:
      'Role set %s does not contain the roles %s, which members or pending invitations of this organization hold. Change their roles first.',
  },
} as const satisfies Record<string, CatalogueEntry>;

import type { CatalogueEntry } from '../catalogue-entry.js';

/** Organizations and their memberships. */
export const organizationErrors = {
  organizationsNotEnabled: {
    code: 'organization_not_enabled_in_instance',
    status: 403,
    message: 'organizations not enabled',
    longMessage:
      'The organizations feature is not enabled for this instance. Enable it with PATCH /v1/instance/organization_settings.',
  },
  organizationSlugExists: {
    code: 'form_identifier_exists',
    status: 422,
    param: 'slug',
    message: 'is taken',
    longMessage: 'This organization slug is already taken. Please try another.',
  },
  organizationSlugInvalid: {
    code: 'organization_invalid_slug',
    status: 422,
    param: 'slug',
    message: 'is invalid',
    longMessage:
      'The slug %s is invalid: it may contain only lowercase letters, digits and dashes.',
  },
  organizationRoleNotFound: {
    code: 'resource_not_found',
    status: 404,
    param: true,
    message: 'not found',
    longMessage: 'The role %s does not exist in the role set of this organization.',
  },
  alreadyOrganizationMember: {
    code: 'already_a_member_in_organization',
    status: 400,
    param: true,
    message: 'already a member',
    longMessage: 'The user %s is already a member of the organization.',
  },
  organizationMembershipQuotaExceeded: {
    code: 'organization_membership_quota_exceeded',
    status: 403,
    message: 'membership quota exceeded',
    longMessage: 'The organization has reached its maximum of %s memberships.',
  },
  // For operations that declare no 404: the unknown user is a 400 naming the parameter.
  userParamNotFound: {
    code: 'resource_not_found',
    status: 400,
    param: true,
    message: 'not found',
    longMessage: 'No user was found with id %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;

import type { CatalogueEntry } from '../catalogue-entry.js';

/** Organization memberships (issue 9, part A2). */
export const membershipErrors = {
  // Clerk keeps at least one member able to manage the members (`org:sys_memberships:manage`).
  organizationMinimumPermissionsNeeded: {
    code: 'organization_minimum_permissions_needed',
    status: 400,
    message: 'minimum organization permissions needed',
    longMessage:
      'There has to be at least one organization member with the minimum required permissions',
  },
  // A user may act in an organization (sign-in token `org_id`) only as one of its members.
  notAnOrganizationMember: {
    code: 'not_a_member_in_organization',
    status: 403,
    message: 'not a member',
    longMessage: 'The user %s is not a member of the organization %s.',
  },
  // A session's active organization must be one its user belongs to (Clerk's answer for a
  // missing organization and a non-member alike).
  organizationNotFoundOrUnauthorized: {
    code: 'organization_not_found_or_unauthorized',
    status: 404,
    message: 'not found or unauthorized',
    longMessage:
      "Given organization not found, or you don't have permission to access the organization",
  },
} as const satisfies Record<string, CatalogueEntry>;

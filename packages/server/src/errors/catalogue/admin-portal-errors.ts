import type { CatalogueEntry } from '../catalogue-entry.js';

/** Admin portal link tokens (docs/admin-portal.md). */
export const adminPortalErrors = {
  // createAdminPortalLinkToken declares no 404: an unknown organization is a 400, as
  // CreateOrganization's unknown `created_by` is.
  adminPortalOrganizationNotFound: {
    code: 'resource_not_found',
    status: 400,
    param: 'organization_id',
    message: 'not found',
    longMessage: 'No organization was found with id %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;

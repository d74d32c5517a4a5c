import { defineRoutes } from '../platform/routes.js';
import { createAdminPortalLinkToken, revokeAdminPortalLinkToken } from './admin-portal-service.js';

/** Admin portal link tokens (the page they open: `admin-portal-page.ts`). */
export const adminPortalRoutes = defineRoutes({
  createAdminPortalLinkToken: ({ scope, body }) => createAdminPortalLinkToken(scope, body),
  revokeAdminPortalLinkToken: ({ scope, params, body }) =>
    revokeAdminPortalLinkToken(scope, params.adminPortalLinkTokenID, body),
});

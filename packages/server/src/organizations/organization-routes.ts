import { defineRoutes } from '../platform/routes.js';
import { createOrganizationMembership } from './membership-service.js';
import { createOrganization, getOrganization } from './organization-service.js';

/** Organizations and their memberships. */
export const organizationRoutes = defineRoutes({
  CreateOrganization: ({ scope, body }) => createOrganization(scope, body),
  GetOrganization: ({ scope, params, query }) =>
    getOrganization(scope, params.organization_id, query),
  CreateOrganizationMembership: ({ scope, params, body }) =>
    createOrganizationMembership(scope, params.organization_id, body),
});

import { defineRoutes } from '../platform/routes.js';
import { listAllOrganizationDomains, listOrganizationDomains } from './organization-domain-list.js';
import {
  createOrganizationDomain,
  deleteOrganizationDomain,
  updateOrganizationDomain,
  verifyOrganizationDomainOwnership,
} from './organization-domain-service.js';

/** The domains of organizations. */
export const organizationDomainRoutes = defineRoutes({
  CreateOrganizationDomain: ({ scope, params, body }) =>
    createOrganizationDomain(scope, params.organization_id, body),
  ListOrganizationDomains: ({ scope, params, query }) =>
    listOrganizationDomains(scope, params.organization_id, query),
  UpdateOrganizationDomain: ({ scope, params, body }) =>
    updateOrganizationDomain(scope, params.organization_id, params.domain_id, body),
  DeleteOrganizationDomain: ({ scope, params }) =>
    deleteOrganizationDomain(scope, params.organization_id, params.domain_id),
  VerifyOrganizationDomainOwnership: ({ scope, params }) =>
    verifyOrganizationDomainOwnership(scope, params.organization_id, params.domain_id),
  ListAllOrganizationDomains: ({ scope, query }) => listAllOrganizationDomains(scope, query),
});

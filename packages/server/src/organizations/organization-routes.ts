import { defineRoutes } from '../platform/routes.js';
import {
  listInstanceMemberships,
  listOrganizationMemberships,
  listUserMemberships,
} from './membership-list.js';
import {
  createOrganizationMembership,
  deleteOrganizationMembership,
  updateOrganizationMembership,
  updateOrganizationMembershipMetadata,
} from './membership-service.js';
import { createOrganization, getOrganization } from './organization-service.js';

/** Organizations and their memberships. */
export const organizationRoutes = defineRoutes({
  CreateOrganization: ({ scope, body }) => createOrganization(scope, body),
  GetOrganization: ({ scope, params, query }) =>
    getOrganization(scope, params.organization_id, query),

  // Memberships (part A2).
  CreateOrganizationMembership: ({ scope, params, body }) =>
    createOrganizationMembership(scope, params.organization_id, body),
  ListOrganizationMemberships: ({ scope, params, query }) =>
    listOrganizationMemberships(scope, params, query),
  UpdateOrganizationMembership: ({ scope, params, body }) =>
    updateOrganizationMembership(scope, params.organization_id, params.user_id, body),
  UpdateOrganizationMembershipMetadata: ({ scope, params, body }) =>
    updateOrganizationMembershipMetadata(scope, params.organization_id, params.user_id, body),
  DeleteOrganizationMembership: ({ scope, params }) =>
    deleteOrganizationMembership(scope, params.organization_id, params.user_id),
  InstanceGetOrganizationMemberships: ({ scope, query }) => listInstanceMemberships(scope, query),
  UsersGetOrganizationMemberships: ({ scope, params, query }) =>
    listUserMemberships(scope, params.user_id, query),
});

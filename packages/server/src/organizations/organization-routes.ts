import { readFileWithFields } from '../http/multipart-body.js';
import { defineRoutes } from '../platform/routes.js';
import { deleteOrganization } from './organization-delete.js';
import { listOrganizations } from './organization-list.js';
import {
  deleteOrganizationLogo,
  LOGO_TEXT_FIELDS,
  uploadOrganizationLogo,
} from './organization-logo.js';
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
import { changeOrganizationMetadata, updateOrganization } from './organization-update.js';

/** Organizations and their memberships. */
export const organizationRoutes = defineRoutes({
  CreateOrganization: ({ scope, body }) => createOrganization(scope, body),
  GetOrganization: ({ scope, params, query }) =>
    getOrganization(scope, params.organization_id, query),
  // Organizations: list, update, delete, metadata, logo (part A1).
  ListOrganizations: ({ scope, query }) => listOrganizations(scope, query),
  UpdateOrganization: ({ scope, params, body, headers }) =>
    updateOrganization(
      scope,
      params.organization_id,
      body,
      headers['clerk-api-version']?.toString(),
    ),
  DeleteOrganization: ({ scope, params }) => deleteOrganization(scope, params.organization_id),
  MergeOrganizationMetadata: ({ scope, params, body }) =>
    changeOrganizationMetadata(scope, params.organization_id, body, 'merge'),
  ReplaceOrganizationMetadata: ({ scope, params, body }) =>
    changeOrganizationMetadata(scope, params.organization_id, body, 'replace'),
  UploadOrganizationLogo: ({ scope, params, request }) =>
    uploadOrganizationLogo(scope, params.organization_id, (maxBytes, store, discard) =>
      readFileWithFields(request, 'file', LOGO_TEXT_FIELDS, maxBytes, store, discard),
    ),
  DeleteOrganizationLogo: ({ scope, params }) =>
    deleteOrganizationLogo(scope, params.organization_id),
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

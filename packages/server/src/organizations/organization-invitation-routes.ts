import { defineRoutes } from '../platform/routes.js';
import {
  listInstanceOrganizationInvitations,
  listOrganizationInvitations,
  listPendingOrganizationInvitations,
  listUserOrganizationInvitations,
} from './organization-invitation-list.js';
import {
  createOrganizationInvitation,
  createOrganizationInvitationBulk,
  getOrganizationInvitation,
  revokeOrganizationInvitation,
} from './organization-invitation-service.js';

/** Organization invitations, per organization, per instance and per user. */
export const organizationInvitationRoutes = defineRoutes({
  CreateOrganizationInvitation: ({ scope, params, body }) =>
    createOrganizationInvitation(scope, params.organization_id, body),
  CreateOrganizationInvitationBulk: ({ scope, params, body }) =>
    createOrganizationInvitationBulk(scope, params.organization_id, body),
  ListOrganizationInvitations: ({ scope, params, query }) =>
    listOrganizationInvitations(scope, params.organization_id, query),
  ListPendingOrganizationInvitations: ({ scope, params, query }) =>
    listPendingOrganizationInvitations(scope, params.organization_id, query),
  ListInstanceOrganizationInvitations: ({ scope, query }) =>
    listInstanceOrganizationInvitations(scope, query),
  GetOrganizationInvitation: ({ scope, params }) =>
    getOrganizationInvitation(scope, params.organization_id, params.invitation_id),
  RevokeOrganizationInvitation: ({ scope, params, body }) =>
    revokeOrganizationInvitation(scope, params.organization_id, params.invitation_id, body),
  UsersGetOrganizationInvitations: ({ scope, params, query }) =>
    listUserOrganizationInvitations(scope, params.user_id, query),
});

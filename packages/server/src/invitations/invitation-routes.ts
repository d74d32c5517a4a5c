import { defineRoutes } from '../platform/routes.js';
import {
  createBulkInvitations,
  createInvitation,
  listInvitations,
  revokeInvitation,
} from './invitation-service.js';

/** Instance invitations: a link that lets someone sign up with their email verified. */
export const invitationRoutes = defineRoutes({
  CreateInvitation: ({ scope, body }) => createInvitation(scope, body),
  CreateBulkInvitations: ({ scope, body }) => createBulkInvitations(scope, body),
  ListInvitations: ({ scope, query }) => listInvitations(scope, query),
  RevokeInvitation: ({ scope, params }) => revokeInvitation(scope, params.invitation_id),
});

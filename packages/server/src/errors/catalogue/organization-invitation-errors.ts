import type { CatalogueEntry } from '../catalogue-entry.js';

/** Organization invitations (codes as Clerk's Backend API answers them). */
export const organizationInvitationErrors = {
  organizationInvitationNotUnique: {
    code: 'organization_invitation_not_unique',
    status: 400,
    param: true,
    message: 'organization invitation not unique',
    longMessage:
      'Organizations cannot have duplicate pending invitations for an email address: %s already has one.',
  },
  organizationInvitationNotPending: {
    code: 'organization_invitation_not_pending',
    status: 400,
    message: 'not pending',
    longMessage: 'The organization invitation %s is %s; only pending invitations can be revoked.',
  },
  // Counted with the outstanding invitations, as Clerk's message says.
  organizationInvitationQuotaExceeded: {
    code: 'organization_membership_quota_exceeded',
    status: 403,
    message: 'organization membership quota exceeded',
    longMessage:
      'You have reached your limit of %s organization memberships, including outstanding invitations.',
  },
  notAnAdminInOrganization: {
    code: 'not_an_admin_in_organization',
    status: 403,
    param: true,
    message: 'not an administrator',
    longMessage:
      'The user %s is not an administrator in the organization (a member whose role grants org:sys_memberships:manage). Only administrators can perform this action.',
  },
} as const satisfies Record<string, CatalogueEntry>;

import type { CatalogueEntry } from '../catalogue-entry.js';

/** Instance invitations (Clerk's codes and messages for them). */
export const invitationErrors = {
  // A pending invitation exists for the address (without `ignore_existing`). The service
  // adds `meta.email_addresses`, as Clerk does.
  invitationDuplicate: {
    code: 'duplicate_record',
    status: 400,
    param: 'email_address',
    message: 'duplicate invitation',
    longMessage: 'There are already pending invitations for the following email addresses: %s',
  },
  // The instance has email addresses off: no one could sign up with the invited address.
  invitationsNotSupported: {
    code: 'invitations_not_supported',
    status: 400,
    message: 'Invitations are only supported on instances that accept email addresses.',
    longMessage:
      'Invitations are only supported on instances that accept email addresses; this instance has email_address off.',
  },
  invitationAlreadyAccepted: {
    code: 'invitation_already_accepted',
    status: 400,
    message: 'Invitation is already accepted, try signing in instead.',
    longMessage: 'Invitation %s is already accepted; only a pending invitation can be revoked.',
  },
  invitationAlreadyRevoked: {
    code: 'invitation_already_revoked',
    status: 400,
    message: 'Invitation is already revoked.',
    longMessage: 'Invitation %s is already revoked.',
  },
  // CreateAllowlistIdentifier: `notify` sends an invitation, which only an email address
  // can receive by email.
  allowlistNotifyNotAllowed: {
    code: 'form_conditional_param_disallowed',
    status: 422,
    param: 'notify',
    message: 'is not allowed',
    longMessage: 'notify is not allowed when identifier is %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;

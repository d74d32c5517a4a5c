import { daysInWords } from '../templates/template-variables.js';
import type { MessageDraft } from './message-service.js';

/**
 * The messages Castellan sends, each named by its template's slug with the values its
 * placeholders read (Clerk's names: `otp_code`, `action_url`, `inviter_name`, `org.name`).
 * `recordMessage` renders them through the instance's template (docs/messages.md).
 */

/** The email carrying a verification code. */
export function verificationCodeEmail(
  to: string,
  code: string,
  ids: { userId: string; identificationId: string },
): MessageDraft {
  return {
    channel: 'email',
    slug: 'verification_code',
    to,
    variables: { otp_code: code },
    userId: ids.userId,
    identificationId: ids.identificationId,
    code,
  };
}

/** The SMS carrying a verification code. */
export function verificationCodeSms(
  to: string,
  code: string,
  ids: { userId: string; identificationId: string },
): MessageDraft {
  return {
    channel: 'sms',
    slug: 'verification_code',
    to,
    variables: { otp_code: code },
    userId: ids.userId,
    identificationId: ids.identificationId,
    code,
  };
}

/** Tells the previous primary email address that the account's primary address changed. */
export function primaryEmailChangedEmail(
  previous: { id: string; address: string },
  next: string,
  userId: string,
): MessageDraft {
  return {
    channel: 'email',
    slug: 'primary_email_address_changed',
    to: previous.address,
    variables: { previous_email_address: previous.address, new_email_address: next },
    userId,
    identificationId: previous.id,
  };
}

/**
 * The email carrying an invitation's link (`slug`: `invitation`, or `waitlist_invitation`
 * for someone let in from the waitlist, as CreateInvitation's `template_slug` says).
 */
export function invitationEmail(
  to: string,
  url: string,
  options: { slug: 'invitation' | 'waitlist_invitation'; expiresInDays: number },
): MessageDraft {
  return {
    channel: 'email',
    slug: options.slug,
    to,
    variables: { action_url: url, expires_in: daysInWords(options.expiresInDays) },
    userId: null,
    identificationId: null,
  };
}

/** The invitation to join an organization, with its accept link (organization invitations). */
export function organizationInvitationEmail(
  to: string,
  invitation: {
    organizationName: string;
    roleName: string;
    inviterName: string | null;
    url: string;
    expiresInDays: number;
  },
  ids: { userId: string | null; identificationId: string | null },
): MessageDraft {
  return {
    channel: 'email',
    slug: 'organization_invitation',
    to,
    variables: {
      action_url: invitation.url,
      expires_in: daysInWords(invitation.expiresInDays),
      inviter_name: invitation.inviterName,
      org: { name: invitation.organizationName },
      org_role: invitation.roleName,
    },
    userId: ids.userId,
    identificationId: ids.identificationId,
  };
}

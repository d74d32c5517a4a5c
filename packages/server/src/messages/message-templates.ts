import type { MessageDraft } from './message-service.js';

/** How long a verification code lives, in words, for the message (matches the expiry). */
const CODE_LIFETIME = '10 minutes';

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
    subject: `${code} is your verification code`,
    body:
      `Your verification code is ${code}.\n\n` +
      `It expires in ${CODE_LIFETIME}. If you did not ask for it, you can ignore this email.\n`,
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
    subject: null,
    body: `${code} is your verification code. It expires in ${CODE_LIFETIME}.`,
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
    subject: 'Your primary email address was changed',
    body:
      `The primary email address of your account was changed from ${previous.address} ` +
      `to ${next}.\n\nIf you did not make this change, contact support right away.\n`,
    userId,
    identificationId: previous.id,
  };
}

/** How long an invitation lasts, in words, for its email. */
function daysInWords(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
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
  const waitlist = options.slug === 'waitlist_invitation';
  return {
    channel: 'email',
    slug: options.slug,
    to,
    subject: waitlist
      ? 'You have been let in from the waitlist'
      : 'You have been invited to sign up',
    body:
      (waitlist
        ? 'Your place on the waitlist came up: you can now create your account.\n\n'
        : 'You have been invited to create an account.\n\n') +
      `Accept the invitation: ${url}\n\n` +
      `The link expires in ${daysInWords(options.expiresInDays)}. ` +
      'If you did not expect it, you can ignore this email.\n',
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
  const from = invitation.inviterName ? `${invitation.inviterName} invited you` : 'You are invited';
  return {
    channel: 'email',
    slug: 'organization_invitation',
    to,
    subject: `Invitation to join ${invitation.organizationName}`,
    body:
      `${from} to join ${invitation.organizationName} as ${invitation.roleName}.\n\n` +
      `Accept the invitation: ${invitation.url}\n\n` +
      `The link expires in ${daysInWords(invitation.expiresInDays)}. ` +
      `If you did not expect it, you can ignore this email.\n`,
    userId: ids.userId,
    identificationId: ids.identificationId,
  };
}

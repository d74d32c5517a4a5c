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
      `The link expires in ${invitation.expiresInDays} day${invitation.expiresInDays === 1 ? '' : 's'}. ` +
      `If you did not expect it, you can ignore this email.\n`,
    userId: ids.userId,
    identificationId: ids.identificationId,
  };
}

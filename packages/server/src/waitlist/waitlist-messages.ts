import type { MessageDraft } from '../messages/message-service.js';

/**
 * The email confirming that an address joined the waitlist (CreateWaitlistEntry with
 * `notify`), under Clerk's `waitlist_confirmation` template slug. Kept apart from
 * messages/message-templates.ts, which renders the other drafts.
 */
export function waitlistConfirmationEmail(to: string): MessageDraft {
  return {
    channel: 'email',
    slug: 'waitlist_confirmation',
    to,
    subject: 'You are on the waitlist',
    body:
      'Thanks for joining the waitlist. We will email you an invitation as soon as your ' +
      'place comes up.\n\nIf you did not ask to join, you can ignore this email.\n',
    userId: null,
    identificationId: null,
  };
}

import type { MessageDraft } from '../messages/message-service.js';

/**
 * The email confirming that an address joined the waitlist (CreateWaitlistEntry with
 * `notify`), rendered through the instance's `waitlist_confirmation` template (templates/).
 */
export function waitlistConfirmationEmail(to: string): MessageDraft {
  return {
    channel: 'email',
    slug: 'waitlist_confirmation',
    to,
    variables: {},
    userId: null,
    identificationId: null,
  };
}

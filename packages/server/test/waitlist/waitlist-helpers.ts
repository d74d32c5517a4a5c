import { acceptInvitationTicket } from '../../src/invitations/invitation-service.js';
import { runWrite } from '../../src/platform/write.js';
import type { TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';

/** A waitlist entry for `email`, without the confirmation email. */
export function addToWaitlist(t: TestInstance, email: string) {
  return t.api.ok('CreateWaitlistEntry', { body: { email_address: email, notify: false } });
}

/**
 * Accepts an invitation's ticket as the Frontend API's sign-up does (no Backend API operation
 * does it), so the entry it came from reads as completed.
 */
export async function acceptTicket(t: TestInstance, url: string | null | undefined) {
  const ticket = new URL(url!).searchParams.get('ticket') ?? '';
  const scope = scopeOn(t.app, { ...t, baseUrl: 'http://localhost' });
  await runWrite(scope, (tx) => acceptInvitationTicket(tx, ticket));
}

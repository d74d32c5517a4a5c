import { apiErrors } from '../../errors/api-errors.js';
import {
  acceptInvitationTicket,
  findInvitationTicket,
} from '../../invitations/invitation-service.js';
import type { WriteTx } from '../../platform/write.js';
import { optionalFormString, type FapiContext, type FormFields } from '../fapi-context.js';
import type { FieldVerification } from './sign-up-state.js';

/** The email verification an invitation's ticket gives the sign-up. */
export const TICKET_VERIFIED: FieldVerification = {
  status: 'verified',
  strategy: 'ticket',
  attempts: null,
  expire_at: null,
  next_action: '',
  supported_strategies: ['email_code'],
};

/**
 * The address an invitation's ticket was sent to, read before the sign-up is checked: a
 * ticket of no pending invitation is `ticket_invalid` (or `ticket_expired`), and an
 * `email_address` sent with it must be that address.
 */
export async function invitedAddress(
  ctx: FapiContext,
  ticket: string,
  body: FormFields,
): Promise<string> {
  const invitation = await findInvitationTicket(ctx.scope, ticket);
  if (!invitation) throw apiErrors.ticketInvalid('is not valid for this instance');
  if (invitation.status === 'expired') throw apiErrors.ticketExpired();
  if (invitation.status !== 'pending') throw apiErrors.ticketInvalid(`was ${invitation.status}`);
  const sent = optionalFormString(body, 'email_address');
  if (sent !== undefined && sent.toLowerCase() !== invitation.emailAddress.toLowerCase()) {
    throw apiErrors.paramValueInvalid('email_address', 'must be the invited address');
  }
  return invitation.emailAddress;
}

/**
 * Redeems the ticket in the sign-up's write (`invitation.accepted`, once): if the invitation
 * changed since it was read, the write fails whole.
 */
export async function redeemInvitation(tx: WriteTx, ticket: string, address: string) {
  const accepted = await acceptInvitationTicket(tx, ticket);
  if (accepted.emailAddress !== address) throw apiErrors.ticketInvalid('was changed');
  return accepted;
}

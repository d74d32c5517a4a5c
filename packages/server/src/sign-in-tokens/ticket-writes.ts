import { apiErrors } from '../errors/api-errors.js';
import type { ClerkApiError } from '../errors/clerk-api-error.js';
import type { WriteTx } from '../platform/write.js';
import { hashTicketToken, redeemableTicket, ticketStateOf, type TicketState } from './ticket.js';
import {
  lockTicketRow,
  updateTicketStatus,
  type TicketRow,
  type TicketTable,
} from './ticket-store.js';

/** The API's name of each ticket table's object (its not-found error names it). */
const RESOURCE: Record<TicketTable, string> = {
  sign_in_tokens: 'sign_in_token',
  actor_tokens: 'actor_token',
};

/**
 * Revokes a ticket in the write `tx`: unknown is a 404; one that is not pending (accepted,
 * revoked, expired) is `notRevocable`'s error. Returns the row as it now is.
 */
export async function revokeTicket<T extends TicketTable>(
  tx: WriteTx,
  table: T,
  id: string,
  notRevocable: (id: string, state: TicketState) => ClerkApiError,
): Promise<TicketRow<T>> {
  const row = await lockTicketRow(tx.db, tx.dialect, table, tx.instanceId, { id });
  if (!row) throw apiErrors.notFound(RESOURCE[table], id);
  const state = ticketStateOf(row, tx.now);
  if (state !== 'pending') throw notRevocable(id, state);
  await updateTicketStatus(tx.db, table, tx.instanceId, id, 'revoked', tx.now);
  return { ...row, status: 'revoked', updated_at: tx.now };
}

/**
 * Redeems a ticket by its token in the caller's write (the Frontend API's ticket strategy):
 * a pending, unexpired ticket becomes accepted, once; anything else throws `ticket_invalid`
 * or `ticket_expired`. Returns the row as it was read.
 */
export async function acceptTicket<T extends TicketTable>(
  tx: WriteTx,
  table: T,
  token: string,
): Promise<TicketRow<T>> {
  const row = redeemableTicket(
    await lockTicketRow(tx.db, tx.dialect, table, tx.instanceId, {
      tokenHash: hashTicketToken(token),
    }),
    tx.now,
  );
  await updateTicketStatus(tx.db, table, tx.instanceId, row.id, 'accepted', tx.now);
  return row;
}

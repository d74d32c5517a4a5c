import { createHash, randomBytes } from 'node:crypto';
import { apiErrors } from '../errors/api-errors.js';
import type { ScopeInstance } from '../platform/scope.js';

/**
 * Tickets: what a sign-in token or an actor token hands out. The token is 32 random bytes
 * (base64url), shown once in the create answer; only its SHA-256 is stored, so the database
 * never holds a usable ticket and the Frontend API finds one by hashing what it is sent
 * (a lookup by a digest of 256 random bits leaks nothing through timing).
 */
export type TicketStatus = 'pending' | 'accepted' | 'revoked';

/** What a stored ticket is at `now`: its stored status, or `expired` when pending and past due. */
export type TicketState = TicketStatus | 'expired';

export function newTicketToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashTicketToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Where the browser redeems the ticket: the instance's Frontend API, as Clerk's URLs are. */
export function ticketUrl(instance: ScopeInstance, token: string): string {
  return `https://${instance.frontendApi}/v1/tickets/accept?ticket=${encodeURIComponent(token)}`;
}

export function ticketStateOf(
  row: { status: string; expires_at: number },
  now: number,
): TicketState {
  const status = row.status as TicketStatus;
  return status === 'pending' && now >= row.expires_at ? 'expired' : status;
}

/** Longest lifetime a token may ask for: ten years (keeps `expires_at` far from overflow). */
export const MAX_TICKET_LIFETIME_SECONDS = 10 * 365 * 24 * 60 * 60;

/** `expires_in_seconds` checked: a whole number of seconds, 1 up to ten years. */
export function ticketLifetimeMs(seconds: number, param: string): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TICKET_LIFETIME_SECONDS) {
    throw apiErrors.paramValueInvalid(
      param,
      `must be a whole number of seconds from 1 to ${MAX_TICKET_LIFETIME_SECONDS}`,
    );
  }
  return seconds * 1000;
}

/**
 * The ticket row if it can be redeemed at `now` (pending, unexpired); otherwise the Frontend
 * API's answer: unknown, used or revoked is `ticket_invalid`, expired is `ticket_expired`.
 */
export function redeemableTicket<Row extends { status: string; expires_at: number }>(
  row: Row | undefined,
  now: number,
): Row {
  const state = row && ticketStateOf(row, now);
  if (!row || state === undefined) throw apiErrors.ticketInvalid('is not valid for this instance');
  if (state === 'expired') throw apiErrors.ticketExpired();
  if (state === 'accepted') throw apiErrors.ticketInvalid('was already used');
  if (state === 'revoked') throw apiErrors.ticketInvalid('was revoked');
  return row;
}

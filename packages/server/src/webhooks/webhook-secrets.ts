import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets/secret-box.js';

/** How long a rotated-out secret still signs deliveries (Svix: 24 hours). */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/** A Standard Webhooks signing secret: `whsec_` + base64 of 24 random bytes (as Svix makes them). */
export function generateEndpointSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Whether `secret` is a usable signing secret (`whsec_` + base64 of 24 to 64 bytes). */
export function isEndpointSecret(secret: string): boolean {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match) return false;
  const bytes = Buffer.from(match[1]!, 'base64');
  return bytes.length >= 24 && bytes.length <= 64;
}

type SecretColumn = 'secret' | 'previous_secret';

/** Seals an endpoint's secret for its row (ADR 0003). */
export function sealEndpointSecret(
  box: SecretBox,
  endpointId: string,
  column: SecretColumn,
  secret: string,
): string {
  return box.seal(secret, { table: 'webhook_endpoints', column, rowId: endpointId });
}

/** Opens an endpoint's stored secret. */
export function openEndpointSecret(
  box: SecretBox,
  endpointId: string,
  column: SecretColumn,
  stored: string,
): string {
  return box.open(stored, { table: 'webhook_endpoints', column, rowId: endpointId });
}

/**
 * The Svix message ID (`svix-id`) of an outbox event: `msg_` + the event ID's own part, so
 * every attempt at an event, from any worker, after any restart, carries the same ID and a
 * receiver can drop duplicates by it.
 */
export function messageIdOf(eventId: string): string {
  return `msg_${eventId.slice(eventId.indexOf('_') + 1)}`;
}

/** The outbox event ID of a Svix message ID (the inverse of `messageIdOf`). */
export function eventIdOf(messageId: string): string {
  return `evt_${messageId.slice(messageId.indexOf('_') + 1)}`;
}

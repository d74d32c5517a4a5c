import { createHmac } from 'node:crypto';

/** What a receiver needs to check a delivery (Standard Webhooks, as Svix sends them). */
export interface SignedHeaders {
  'svix-id': string;
  'svix-timestamp': string;
  'svix-signature': string;
}

/** The raw HMAC key of a `whsec_` secret: the base64 after the prefix, decoded. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.slice(secret.indexOf('_') + 1), 'base64');
}

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>` for one secret. */
export function signatureOf(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${messageId}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * The signing headers of one attempt: one signature per secret (the current one first, then
 * a rotated-out one still within its grace period), space-separated, so a receiver that
 * still holds the old secret keeps accepting deliveries during a rotation.
 */
export function signDelivery(
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  return {
    'svix-id': messageId,
    'svix-timestamp': String(timestampSeconds),
    'svix-signature': secrets
      .map((secret) => signatureOf(secret, messageId, timestampSeconds, body))
      .join(' '),
  };
}

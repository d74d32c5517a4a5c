import { CastellanError } from './core/errors.js';

/** Why a webhook delivery was refused. */
export type WebhookVerificationErrorReason =
  | 'missing-headers'
  | 'invalid-secret'
  | 'invalid-timestamp'
  | 'timestamp-too-old'
  | 'timestamp-too-new'
  | 'no-matching-signature'
  | 'invalid-payload';

/** A webhook delivery `verifyWebhook` refused; `reason` says why. */
export class WebhookVerificationError extends CastellanError {
  readonly reason: WebhookVerificationErrorReason;

  constructor(
    reason: WebhookVerificationErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.reason = reason;
  }
}

/** A Clerk webhook event: `type` names it (`user.created`, …), `data` is its object. */
export interface WebhookEvent {
  object: 'event';
  type: string;
  data: Record<string, unknown>;
  timestamp?: number;
  instance_id?: string;
  [field: string]: unknown;
}

/** A `Headers`, or a plain object of them such as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

export interface VerifyWebhookOptions {
  /** How far the delivery's timestamp may be from now, either way (default 300 s). */
  toleranceInSeconds?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const;

/**
 * Verifies a webhook delivery signed the Standard Webhooks way (Svix, which Clerk uses) and
 * returns its parsed event. `payload` is the request body exactly as received, before any
 * JSON parsing; `headers` carry `svix-id`, `svix-timestamp` and `svix-signature` (or their
 * `webhook-*` names); `secret` is the endpoint's `whsec_…` signing secret. The signature is an
 * HMAC-SHA256 of `id.timestamp.payload`; one of the header's space-separated `v1,<base64>`
 * signatures must match (several during a secret rotation), and the timestamp must be within
 * `toleranceInSeconds` of now. Throws a {@link WebhookVerificationError} otherwise.
 */
export async function verifyWebhook<Event = WebhookEvent>(
  payload: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<Event> {
  const id = headerOf(headers, 'id');
  const timestamp = headerOf(headers, 'timestamp');
  const signatures = headerOf(headers, 'signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError(
      'missing-headers',
      'The svix-id, svix-timestamp and svix-signature headers (or webhook-*) are required.',
    );
  }
  assertRecent(timestamp, options.toleranceInSeconds ?? DEFAULT_TOLERANCE_SECONDS);

  const body = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
  const key = await hmacKeyOf(secret);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, signed));
  const matches = signatures
    .split(' ')
    .map((entry) => entry.split(','))
    .filter(([version]) => version === 'v1')
    .some(([, signature]) => equalInConstantTime(expected, base64ToBytes(signature ?? '')));
  if (!matches) {
    throw new WebhookVerificationError('no-matching-signature', 'No signature matches.');
  }
  try {
    return JSON.parse(body) as Event;
  } catch (cause) {
    throw new WebhookVerificationError('invalid-payload', 'The payload is not JSON.', { cause });
  }
}

function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  for (const prefix of ['svix-', 'webhook-']) {
    const value = isHeaders(headers)
      ? headers.get(prefix + name)
      : headerIn(headers, prefix + name);
    if (value) return value;
  }
  return undefined;
}

// By shape rather than `instanceof`: a framework's Headers may not be the global class.
function isHeaders(headers: WebhookHeaders): headers is Headers {
  return typeof (headers as Headers).get === 'function';
}

// Plain header objects are lower-case in Node, but not always in hand-made ones.
function headerIn(headers: Exclude<WebhookHeaders, Headers>, name: string): string | undefined {
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name);
  const value = found === undefined ? undefined : headers[found];
  return typeof value === 'string' ? value : value?.join(', ');
}

function assertRecent(timestamp: string, toleranceInSeconds: number): void {
  if (!/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError('invalid-timestamp', `Invalid timestamp ${timestamp}.`);
  }
  const ageInSeconds = Date.now() / 1000 - Number(timestamp);
  if (ageInSeconds > toleranceInSeconds) {
    throw new WebhookVerificationError('timestamp-too-old', 'The delivery is too old.');
  }
  if (ageInSeconds < -toleranceInSeconds) {
    throw new WebhookVerificationError('timestamp-too-new', 'The delivery is from the future.');
  }
}

// Imported keys, kept: importing costs more than the HMAC of a delivery.
const hmacKeys = new Map<string, ReturnType<typeof crypto.subtle.importKey>>();

function hmacKeyOf(secret: string): ReturnType<typeof crypto.subtle.importKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', secretBytes(secret), HMAC_SHA256, false, ['sign']);
    hmacKeys.set(secret, key);
  }
  return key;
}

/** The HMAC key of a `whsec_…` secret: the base64 after the prefix. */
function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  const key = base64ToBytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  if (key.length === 0) {
    throw new WebhookVerificationError('invalid-secret', 'The secret is not whsec_<base64>.');
  }
  return key;
}

/** The bytes of a base64 text; none when it is not base64. */
function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array(0);
  }
}

// Compares every byte whatever differs first, so the time taken tells nothing of how much
// of a forged signature was right.
function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

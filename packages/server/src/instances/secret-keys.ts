import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function generateSecretKey(environment: 'test' | 'live' = 'test'): string {
  const bytes = randomBytes(42);
  let body = '';
  for (const b of bytes) body += BASE62[b % 62];
  return `sk_${environment}_${body}`;
}

/**
 * `sk_test_`/`sk_live_` and 32 to 128 letters and digits: generated keys have 42, Clerk's own
 * about as many. Shorter pinned keys are guessable; longer ones are not keys. Requests whose
 * bearer token is not of this shape are refused without a database query.
 */
const SECRET_KEY_SHAPE = /^sk_(test|live)_[A-Za-z0-9]{32,128}$/;

export const SECRET_KEY_SHAPE_TEXT =
  'sk_test_ or sk_live_ followed by 32 to 128 letters and digits';

export function isSecretKeyShape(key: string): boolean {
  return SECRET_KEY_SHAPE.test(key);
}

/** Refuses a key to pin that is not of the shape above; the message never repeats the key. */
export function assertSecretKeyShape(key: string, source: string): void {
  if (!isSecretKeyShape(key))
    throw new Error(`${source} is not a usable secret key: expected ${SECRET_KEY_SHAPE_TEXT}.`);
}

/** Keys are stored and looked up by their SHA-256, never in clear. */
export function hashSecretKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Compares two key hashes in constant time. */
export function secretKeyHashesEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** What is safe to show of a key: its prefix and last four characters. */
export function secretKeyHint(key: string): string {
  return `${key.slice(0, 8)}…${key.slice(-4)}`;
}

/** `pk_test_` + base64 of `<frontend host>$`, as Clerk encodes publishable keys. */
export function publishableKeyFor(
  frontendApi: string,
  environment: 'test' | 'live' = 'test',
): string {
  return `pk_${environment}_${Buffer.from(`${frontendApi}$`).toString('base64')}`;
}

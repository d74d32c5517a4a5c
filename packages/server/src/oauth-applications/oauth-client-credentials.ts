import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base62 characters; bytes ≥ 248 are skipped, so every character is equally likely. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/**
 * A client ID: 16 base62 characters (95 random bits), as long as Clerk's. Public (it goes in
 * authorization URLs), unique across instances (a unique index; with 95 random bits a clash is not expected).
 */
export function generateClientId(): string {
  return randomBase62(16);
}

/** A client secret: 32 base62 characters (190 random bits), shown once, stored hashed. */
export function generateClientSecret(): string {
  return randomBase62(32);
}

/**
 * A client secret is stored as its SHA-256 (hex): it is random and long, so a slow hash adds
 * nothing; the secret itself is never stored.
 */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Whether `secret` is the one hashed as `storedHash`, in constant time (for the token
 * endpoint, later). A public client (no hash) matches no secret.
 */
export function clientSecretMatches(secret: string, storedHash: string | null): boolean {
  if (storedHash === null) return false;
  const given = Buffer.from(hashClientSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

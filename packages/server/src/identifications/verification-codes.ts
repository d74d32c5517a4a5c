import { createHash, randomInt } from 'node:crypto';
import { safeEqualStrings } from '../passwords/constant-time.js';

/** How long a code is valid: 10 minutes, as Clerk's email and SMS codes. */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong codes a verification takes before it fails (then prepare a new one). */
export const MAX_ATTEMPTS = 3;

/** Six random digits (crypto RNG, uniform over 000000–999999). */
export function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/**
 * What is stored of a code: SHA-256 of the verification ID and the code, so the table never
 * holds a code and equal codes of two verifications hash apart. Six digits cannot resist
 * an offline search whatever the hash; what protects a code is its expiry and the attempt
 * limit, enforced here.
 */
export function hashCode(verificationId: string, code: string): string {
  return createHash('sha256').update(`${verificationId}:${code}`, 'utf8').digest('hex');
}

/** Compares a submitted code with the stored hash in constant time. */
export function codeMatches(verificationId: string, code: string, storedHash: string): boolean {
  return safeEqualStrings(hashCode(verificationId, code), storedHash);
}

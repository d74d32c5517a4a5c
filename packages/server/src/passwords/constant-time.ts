import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two byte strings in time that depends only on their lengths. Lengths of
 * digests, codes and keys are public (they follow from the algorithm), so an early
 * exit on a length mismatch leaks nothing; it still runs one comparison so both
 * paths cost about the same.
 */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** `safeEqual` on the UTF-8 bytes of two strings. */
export function safeEqualStrings(a: string, b: string): boolean {
  return safeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** RFC 4648 base32 (the alphabet authenticator apps use for TOTP secrets). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Unpadded lengths RFC 4648 can produce: a final quantum of 1, 3 or 6 characters
 * would carry a partial byte.
 */
const VALID_REMAINDERS: ReadonlySet<number> = new Set([0, 2, 4, 5, 7]);

/** Uppercase, unpadded base32 → bytes; `undefined` for any other input. */
export function decodeBase32(text: string): Buffer | undefined {
  if (!VALID_REMAINDERS.has(text.length % 8)) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return undefined;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Bytes → uppercase, unpadded base32. */
export function encodeBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      output += ALPHABET.charAt((buffer >> bits) & 31);
    }
  }
  if (bits > 0) output += ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return output;
}

/**
 * Strict decoders for the encodings digests arrive in. `Buffer.from(s, 'base64')`
 * skips characters it does not know, so a malformed digest would silently decode to
 * different bytes; these return `undefined` instead.
 */

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/]*$/;

export function decodeHex(text: string): Buffer | undefined {
  return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
}

/** Standard alphabet; `=` padding optional (argon2's PHC strings omit it). */
export function decodeBase64(text: string): Buffer | undefined {
  const body = text.replace(/={1,2}$/, '');
  if (!BASE64.test(body) || body.length % 4 === 1) return undefined;
  if (body.length !== text.length && text.length % 4 !== 0) return undefined;
  return Buffer.from(body, 'base64');
}

/** Non-empty base64 that decodes to at least `minBytes`. */
export function decodeBase64Min(text: string, minBytes: number): Buffer | undefined {
  const bytes = decodeBase64(text);
  return bytes && bytes.length >= minBytes ? bytes : undefined;
}

/** A positive decimal integer with no sign, leading zero or exponent, up to `max`. */
export function parseCount(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

export type SaltCoding = 'raw' | 'hex' | 'base64' | 'hex-or-raw';

export function decodeSalt(text: string, coding: SaltCoding): Buffer | undefined {
  if (text === '') return undefined;
  if (coding === 'hex') return decodeHex(text);
  if (coding === 'base64') return decodeBase64(text);
  // pbkdf2_sha1 (per Clerk's reference): a salt that decodes as hex is hex, else raw text.
  if (coding === 'hex-or-raw') return decodeHex(text) ?? Buffer.from(text, 'utf8');
  return Buffer.from(text, 'utf8');
}

import { apiErrors } from '../errors/api-errors.js';
import { createHmac } from 'node:crypto';
import { decodeBase32 } from './base32.js';
import { safeEqualStrings } from './constant-time.js';

/** The only options the spec supports for `totp_secret`: SHA-1, 6 digits, 30 s. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_MS = 30_000;

/**
 * 16 characters (80 bits) is what Google Authenticator and most exporters issued for
 * years; RFC 4226 asks for 128 bits but refusing 80-bit secrets would break the
 * migrations `totp_secret` exists for. 128 characters (640 bits) is far above any
 * HMAC-SHA1 key worth having.
 */
const MIN_SECRET_CHARS = 16;
const MAX_SECRET_CHARS = 128;
/**
 * Longest input looked at: 128 characters, a space every four and 6 of padding fit in
 * 200. Anything longer is refused before any other work, so a 100 KB value costs no more
 * than a short one.
 */
const MAX_INPUT_CHARS = 256;
/** How many `=` RFC 4648 appends after a final quantum of each length. */
const PADDING_FOR_REMAINDER: Record<number, number> = { 2: 6, 4: 4, 5: 3, 7: 1 };

/** Removes trailing `=` in one pass (`/=+$/` is quadratic on `===…=A`: issue 6). */
function withoutPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  return text.slice(0, end);
}

/** Uppercase, without whitespace (apps show secrets in groups of four) or padding. */
function canonicalSecret(secret: string): { unpadded: string; padding: number } {
  const canonical = secret.replace(/\s/g, '').toUpperCase();
  const unpadded = withoutPadding(canonical);
  return { unpadded, padding: canonical.length - unpadded.length };
}

/**
 * Validates a base32 TOTP secret and returns it in canonical form: uppercase, with
 * no spaces (apps show secrets in groups of four) and no `=` padding.
 */
export function assertTotpSecret(secret: string, paramName = 'totp_secret'): string {
  const { unpadded, padding } =
    secret.length <= MAX_INPUT_CHARS ? canonicalSecret(secret) : { unpadded: '', padding: 0 };
  const validPadding = padding === 0 || padding === PADDING_FOR_REMAINDER[unpadded.length % 8];
  if (
    !validPadding ||
    unpadded.length < MIN_SECRET_CHARS ||
    unpadded.length > MAX_SECRET_CHARS ||
    decodeBase32(unpadded) === undefined
  ) {
    throw apiErrors.totpSecretInvalid(paramName, MIN_SECRET_CHARS, MAX_SECRET_CHARS);
  }
  return unpadded;
}

function secretBytes(secretBase32: string): Buffer {
  const key = decodeBase32(canonicalSecret(secretBase32).unpadded);
  if (key === undefined || key.length === 0) throw new Error('TOTP secret is not base32');
  return key;
}

/** RFC 4226 HOTP value for one counter, as a zero-padded decimal string. */
function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

/** RFC 6238 time step for a Unix time in milliseconds. */
export function totpStep(timeMs: number): number {
  return Math.floor(timeMs / TOTP_PERIOD_MS);
}

/** The code an authenticator shows at `timeMs`. */
export function totpCode(secretBase32: string, timeMs: number): string {
  return hotp(secretBytes(secretBase32), totpStep(timeMs));
}

/**
 * The time step whose code matches, looking `window` steps either side of now to
 * allow for clock drift, or `undefined`. Every candidate is compared in constant
 * time and none is skipped, so timing does not reveal which step matched. Callers
 * that must refuse a replayed code remember the last step used and reject it.
 */
export function findTotpStep(
  secretBase32: string,
  code: string,
  timeMs: number,
  window = 1,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = secretBytes(secretBase32);
  const now = totpStep(timeMs);
  let matched: number | undefined;
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    if (safeEqualStrings(hotp(key, step), code) && matched === undefined) matched = step;
  }
  return matched;
}

/** Whether `code` is valid at `timeMs`, give or take `window` periods. */
export function verifyTotp(
  secretBase32: string,
  code: string,
  timeMs: number,
  window = 1,
): boolean {
  return findTotpStep(secretBase32, code, timeMs, window) !== undefined;
}

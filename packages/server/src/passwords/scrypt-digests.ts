import { decodeBase64, decodeBase64Min, decodeHex, decodeSalt, parseCount } from './byte-codecs.js';
import { MAX_KEY_BYTES, MIN_HASH_BYTES, type ParsedDigest } from './parsed-digest.js';

/** What one imported scrypt digest may cost is bounded in digest-costs.ts. */

/**
 * Werkzeug writes `scrypt:N:r:p$salt$hexhash` (dklen 64, salt used as text); Clerk's
 * reference shows `$<algorithm args>$<salt>$<hash>` and calls the hash base64. Both
 * the leading `$` and either hash encoding are accepted; a bare `scrypt` means
 * Werkzeug's defaults.
 */
export function parseScryptWerkzeug(digest: string): ParsedDigest | undefined {
  const parts = (digest.startsWith('$') ? digest.slice(1) : digest).split('$');
  if (parts.length !== 3) return undefined;
  const [method = '', saltText = '', hashText = ''] = parts;
  const args =
    method === 'scrypt' ? ['32768', '8', '1'] : /^scrypt:(\d+):(\d+):(\d+)$/.exec(method)?.slice(1);
  if (!args) return undefined;
  const [cost, blockSize, parallelization] = args.map((arg) => parseCount(arg, 2 ** 30));
  if (!cost || !blockSize || !parallelization) return undefined;
  if (cost < 2 || (cost & (cost - 1)) !== 0) return undefined;
  const salt = decodeSalt(saltText, 'raw');
  const expected = decodeHex(hashText) ?? decodeBase64(hashText);
  if (!salt || !expected || expected.length < MIN_HASH_BYTES || expected.length > MAX_KEY_BYTES) {
    return undefined;
  }
  return { kind: 'scrypt', cost, blockSize, parallelization, salt, expected };
}

/** `hash$salt$signerKey$saltSeparator$rounds$memCost`, the byte strings in base64. */
export function parseScryptFirebase(digest: string): ParsedDigest | undefined {
  const parts = digest.split('$');
  if (parts.length !== 6) return undefined;
  const [hashText = '', saltText = '', signerText = '', separatorText = '', roundsText, memText] =
    parts;
  const expected = decodeBase64Min(hashText, MIN_HASH_BYTES);
  const salt = decodeBase64Min(saltText, 1);
  const signerKey = decodeBase64Min(signerText, MIN_HASH_BYTES);
  const saltSeparator = decodeBase64(separatorText);
  const rounds = parseCount(roundsText, 64);
  const memCost = parseCount(memText, 30);
  if (!expected || !salt || !signerKey || !saltSeparator || !rounds || !memCost) return undefined;
  // AES-CTR output is as long as its input: any other length can never match.
  if (expected.length !== signerKey.length) return undefined;
  return { kind: 'scrypt-firebase', salt, saltSeparator, signerKey, rounds, memCost, expected };
}

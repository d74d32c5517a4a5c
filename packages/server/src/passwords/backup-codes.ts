import { apiErrors } from '../errors/api-errors.js';
import { hash as bcryptHash, verify as bcryptVerify } from '@node-rs/bcrypt';
import { BCRYPT_COST } from './password-hash.js';

/** A complete bcrypt digest: what the spec allows in place of a plain backup code. */
const BCRYPT_DIGEST = /^\$2[aby]\$(?:0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
/** bcrypt ignores input past 72 bytes, so a longer code would match its own prefix. */
const MAX_CODE_BYTES = 72;

export function isBcryptDigest(value: string): boolean {
  return BCRYPT_DIGEST.test(value);
}

/**
 * Turns `backup_codes` into what is stored: one bcrypt digest per code. The spec
 * takes each code "in plain format or the corresponding bcrypt digest", so a digest
 * is kept as given and anything else is hashed. Plain codes are trimmed; an empty
 * one, one over 72 bytes, or a repeated one is refused.
 */
export async function hashBackupCodes(
  codes: readonly string[],
  paramName = 'backup_codes',
): Promise<string[]> {
  const seen = new Set<string>();
  const plain = codes.map((raw) => {
    if (isBcryptDigest(raw)) return undefined;
    const code = raw.trim();
    if (code === '' || Buffer.byteLength(code, 'utf8') > MAX_CODE_BYTES) {
      throw apiErrors.backupCodeInvalid(paramName, MAX_CODE_BYTES);
    }
    if (seen.has(code)) {
      throw apiErrors.backupCodeRepeated(paramName);
    }
    seen.add(code);
    return code;
  });
  return Promise.all(
    codes.map((raw, index) => {
      const code = plain[index];
      return code === undefined ? raw : bcryptHash(code, BCRYPT_COST);
    }),
  );
}

/**
 * Finds which stored digest a submitted code matches: its index, or -1. All digests
 * are checked (in parallel on the thread pool) so the time taken does not tell how
 * far down the list the code sits. The caller deletes the matched digest: a backup
 * code works once.
 */
export async function verifyBackupCode(digests: readonly string[], code: string): Promise<number> {
  const candidate = code.trim();
  if (candidate === '' || Buffer.byteLength(candidate, 'utf8') > MAX_CODE_BYTES) return -1;
  const matches = await Promise.all(digests.map((digest) => bcryptVerify(candidate, digest)));
  return matches.indexOf(true);
}

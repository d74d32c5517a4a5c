import { apiErrors } from '../errors/api-errors.js';
import { hash as bcryptHash, verify as bcryptVerify } from '@node-rs/bcrypt';
import { BCRYPT_COST } from './password-hash.js';

/** A complete bcrypt digest: what the spec allows in place of a plain backup code. */
const BCRYPT_DIGEST = /^\$2[aby]\$(?:0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
/** bcrypt ignores input past 72 bytes, so a longer code would match its own prefix. */
const MAX_CODE_BYTES = 72;
/**
 * Clerk issues 10 codes. Each plain code costs a bcrypt hash (~50 ms of a core) when set
 * and each stored one a bcrypt verify on every backup-code sign-in, so a request may not
 * ask for more than twice that (issue 6: 400 codes cost 10 s and stalled every other
 * password request).
 */
export const MAX_BACKUP_CODES = 20;
/**
 * A sign-in with a backup code verifies every stored digest, so the cost of a digest given
 * in place of a code counts 20 times: 12 is the highest default of common libraries
 * (bcrypt-ruby, Laravel 11, PHP 8.4), and 20 of them take about 4 s of a core.
 */
export const MAX_BACKUP_CODE_BCRYPT_COST = 12;

export function isBcryptDigest(value: string): boolean {
  return BCRYPT_DIGEST.test(value);
}

function bcryptCost(digest: string): number {
  return Number(digest.slice(4, 6));
}

/**
 * Turns `backup_codes` into what is stored: one bcrypt digest per code. The spec
 * takes each code "in plain format or the corresponding bcrypt digest", so a digest
 * is kept as given (cost at most 12) and anything else is hashed. Plain codes are
 * trimmed; more than 20 codes, an empty one, one over 72 bytes, or a repeated one is
 * refused, all before any hashing starts.
 */
export async function hashBackupCodes(
  codes: readonly string[],
  paramName = 'backup_codes',
): Promise<string[]> {
  if (codes.length > MAX_BACKUP_CODES) throw apiErrors.tooManyValues(paramName, MAX_BACKUP_CODES);
  const seen = new Set<string>();
  const plain = codes.map((raw) => {
    if (isBcryptDigest(raw)) {
      if (bcryptCost(raw) <= MAX_BACKUP_CODE_BCRYPT_COST) return undefined;
      throw apiErrors.backupCodeDigestTooCostly(paramName, MAX_BACKUP_CODE_BCRYPT_COST);
    }
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

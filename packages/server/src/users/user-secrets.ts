import { apiErrors } from '../errors/api-errors.js';
import { hashBackupCodes } from '../passwords/backup-codes.js';
import { assertDigestMatchesHasher, hashPassword } from '../passwords/password-hash.js';
import { checkNewPassword, type PasswordPolicy } from '../passwords/password-policy.js';
import { assertTotpSecret } from '../passwords/totp.js';
import { isSealed, type SecretBox, type SecretLocation } from '../secrets/secret-box.js';

export interface PasswordFields {
  password?: string | null | undefined;
  password_digest?: string | null | undefined;
  password_hasher?: string | null | undefined;
  skip_password_checks?: boolean | null | undefined;
}

/**
 * Turns `password` or `password_digest` + `password_hasher` into what is stored. Hashing
 * is async (off the event loop) and happens before any transaction opens, so a 50 ms
 * bcrypt never holds a database connection. Returns undefined when neither was sent.
 */
export async function preparePassword(
  input: PasswordFields,
  policy?: Readonly<PasswordPolicy>,
): Promise<{ digest: string; hasher: string } | undefined> {
  const hasPassword = input.password !== undefined && input.password !== null;
  const hasDigest = input.password_digest !== undefined && input.password_digest !== null;
  if (hasPassword && hasDigest) {
    throw apiErrors.paramsExclusive('password_digest', 'password');
  }
  if (hasPassword) {
    // A hasher only describes a digest; with a plain password it would be ignored.
    if (input.password_hasher) throw apiErrors.paramsExclusive('password_hasher', 'password');
    await checkNewPassword(input.password!, {
      skipChecks: input.skip_password_checks === true,
      ...(policy ? { policy } : {}),
    });
    return hashPassword(input.password!);
  }
  if (hasDigest) {
    if (!input.password_hasher) {
      throw apiErrors.paramsRequiredTogether('password_hasher', 'password_digest');
    }
    assertDigestMatchesHasher(input.password_hasher, input.password_digest!);
    return { digest: input.password_digest!, hasher: input.password_hasher };
  }
  if (input.password_hasher) {
    throw apiErrors.paramsRequiredTogether('password_digest', 'password_hasher');
  }
  return undefined;
}

/**
 * Validates a TOTP secret and returns its canonical form (the same key, so it keeps
 * producing the user's codes); `sealTotpSecret` encrypts it for the row.
 */
export function prepareTotpSecret(secret: string | null | undefined): string | null | undefined {
  if (secret === undefined || secret === null || secret === '')
    return secret === '' ? null : secret;
  return assertTotpSecret(secret);
}

function totpLocation(userId: string): SecretLocation {
  return { table: 'users', column: 'totp_secret', rowId: userId };
}

/** What `users.totp_secret` stores: the secret sealed for this user's row (ADR 0003). */
export function sealTotpSecret(secrets: SecretBox, userId: string, secret: string): string {
  return secrets.seal(secret, totpLocation(userId));
}

/**
 * The user's TOTP secret from its stored form. A secret an earlier version stored in
 * clear is read as is (the next start seals it); a sealed one must open for this user.
 */
export function openTotpSecret(secrets: SecretBox, userId: string, stored: string): string {
  return isSealed(stored) ? secrets.open(stored, totpLocation(userId)) : stored;
}

/** Backup codes are stored as bcrypt digests, never in clear. */
export async function prepareBackupCodes(codes: string[] | undefined): Promise<string | undefined> {
  if (codes === undefined) return undefined;
  return JSON.stringify(await hashBackupCodes(codes));
}

import { apiErrors } from '../errors/api-errors.js';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { digestParsers } from './digest-parsers.js';
import { verifyParsedDigest } from './digest-verifiers.js';
import { isPasswordHasher, type PasswordHasher } from './password-hashers.js';

export { UnsupportedHasherError } from './digest-verifiers.js';
export { INSECURE_HASHERS, PASSWORD_HASHERS, isPasswordHasher } from './password-hashers.js';
export type { PasswordHasher } from './password-hashers.js';

/** The cost DESIGN.md fixes for passwords Castellan hashes itself. */
export const BCRYPT_COST = 10;

/** Hashes a new password with bcrypt on the thread pool, never on the event loop. */
export async function hashPassword(plain: string): Promise<{ digest: string; hasher: 'bcrypt' }> {
  return { digest: await bcryptHash(plain, BCRYPT_COST), hasher: 'bcrypt' };
}

/**
 * Checks an imported `password_digest` against the form its `password_hasher`
 * documents, so a digest nobody could ever sign in with is refused at import.
 * An unknown hasher is a bad `password_hasher`; a malformed digest a bad
 * `password_digest`.
 */
export function assertDigestMatchesHasher(
  hasher: string,
  digest: string,
): asserts hasher is PasswordHasher {
  if (!isPasswordHasher(hasher)) {
    throw apiErrors.passwordHasherUnsupported(hasher);
  }
  if (digestParsers[hasher](digest) === undefined) {
    throw apiErrors.passwordDigestInvalid(hasher);
  }
}

/**
 * Whether `plain` matches a stored digest. A stored digest that no longer parses
 * (it was validated on the way in) cannot match anything, so it answers false rather
 * than failing the sign-in with a 500. An unknown hasher name is a programming error
 * and throws; argon2 digests throw `UnsupportedHasherError`.
 */
export async function verifyPassword(
  hasher: string,
  digest: string,
  plain: string,
): Promise<boolean> {
  if (!isPasswordHasher(hasher)) throw new Error(`Unknown password hasher: ${hasher}`);
  const parsed = digestParsers[hasher](digest);
  if (parsed === undefined) return false;
  return verifyParsedDigest(parsed, plain);
}

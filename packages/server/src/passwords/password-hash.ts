import { apiErrors } from '../errors/api-errors.js';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { digestCostProblem } from './digest-costs.js';
import { digestParsers } from './digest-parsers.js';
import { verifyParsedDigest } from './digest-verifiers.js';
import {
  isPasswordHasher,
  unsupportedHasherReason,
  type PasswordHasher,
} from './password-hashers.js';

export { UnsupportedHasherError } from './digest-verifiers.js';
export { INSECURE_HASHERS, PASSWORD_HASHERS, isPasswordHasher } from './password-hashers.js';
export type { PasswordHasher } from './password-hashers.js';

/** The cost DESIGN.md fixes for passwords Castellan hashes itself. */
export const BCRYPT_COST = 10;

/**
 * Longer than any documented format (a Firebase scrypt digest is ~210 characters, a
 * PBKDF2 one with a 256-byte hex key ~600): checked before any parsing.
 */
export const MAX_DIGEST_LENGTH = 1024;

/** Hashes a new password with bcrypt on the thread pool, never on the event loop. */
export async function hashPassword(plain: string): Promise<{ digest: string; hasher: 'bcrypt' }> {
  return { digest: await bcryptHash(plain, BCRYPT_COST), hasher: 'bcrypt' };
}

/**
 * Checks an imported `password_digest` against the form its `password_hasher`
 * documents, so a digest nobody could ever sign in with is refused at import.
 * An unknown hasher is a bad `password_hasher`; a malformed digest, or one whose cost
 * is above its cap (digest-costs.ts), a bad `password_digest`.
 */
export function assertDigestMatchesHasher(
  hasher: string,
  digest: string,
): asserts hasher is PasswordHasher {
  if (!isPasswordHasher(hasher)) {
    throw apiErrors.passwordHasherUnsupported(hasher, unsupportedHasherReason(hasher));
  }
  const parsed = digest.length <= MAX_DIGEST_LENGTH ? digestParsers[hasher](digest) : undefined;
  if (parsed === undefined) throw apiErrors.passwordDigestInvalid(hasher);
  const costProblem = digestCostProblem(parsed);
  if (costProblem !== undefined) throw apiErrors.passwordDigestTooCostly(costProblem);
}

/**
 * Whether `plain` matches a stored digest. A stored digest that no longer parses
 * (it was validated on the way in), or one over the cost caps (imported before they
 * existed), cannot match anything, so it answers false rather than failing the sign-in
 * with a 500 or spending minutes of CPU. An unknown hasher name is a programming error
 * and throws. Every hasher's work runs off the event loop (libuv's pool or a worker).
 */
export async function verifyPassword(
  hasher: string,
  digest: string,
  plain: string,
): Promise<boolean> {
  if (!isPasswordHasher(hasher)) throw new Error(`Unknown password hasher: ${hasher}`);
  const parsed = digest.length <= MAX_DIGEST_LENGTH ? digestParsers[hasher](digest) : undefined;
  if (parsed === undefined || digestCostProblem(parsed) !== undefined) return false;
  return verifyParsedDigest(parsed, plain);
}

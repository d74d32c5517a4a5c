import { apiErrors } from '../errors/api-errors.js';
import { isCommonPassword } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt reads only the first 72 bytes of its input; the rest would be silently ignored. */
export const MAX_PASSWORD_BYTES = 72;

export interface NewPasswordOptions {
  /** `skip_password_checks` from the request. */
  skipChecks?: boolean;
  /** The parameter to blame; `password` on both create and update. */
  paramName?: string;
}

/**
 * Applies Clerk's rules to a plaintext password about to be hashed and stored.
 *
 * What `skip_password_checks` skips: CreateUser's description says every password
 * check, UpdateUser's says the instance's password policy, and CreateUser's
 * recommends it for migrating plaintext passwords, often shorter than 8 characters.
 * So it skips the policy: the 8-character minimum and the breached-list check.
 * It does not skip:
 * - the 72-byte ceiling: that is bcrypt's input limit, not a policy; a longer password
 *   would be stored truncated and any string sharing its first 72 bytes would sign in;
 * - a non-empty password: an empty one is no password at all.
 *
 * Length counts Unicode code points, as a user would count characters; the ceiling
 * counts UTF-8 bytes, which is what bcrypt sees.
 */
export async function checkNewPassword(
  password: string,
  options: NewPasswordOptions = {},
): Promise<void> {
  const paramName = options.paramName ?? 'password';
  const skipChecks = options.skipChecks === true;
  const characters = [...password].length;

  if (characters === 0) {
    throw apiErrors.passwordEmpty(paramName);
  }
  if (!skipChecks && characters < MIN_PASSWORD_LENGTH) {
    throw apiErrors.passwordTooShort(paramName);
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw apiErrors.passwordTooLong(paramName);
  }
  if (!skipChecks && (await isCommonPassword(password))) {
    throw apiErrors.passwordPwned(paramName);
  }
}

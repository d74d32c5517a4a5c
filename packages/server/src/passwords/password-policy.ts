import { apiErrors } from '../errors/api-errors.js';
import { isCommonPassword } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt reads only the first 72 bytes of its input; the rest would be silently ignored. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * An instance's password rules (its `password_settings`, docs/configuration.md). Lengths
 * count characters (Unicode code points), as a user would.
 */
export interface PasswordPolicy {
  min_length: number;
  max_length: number;
  require_uppercase: boolean;
  require_lowercase: boolean;
  require_numbers: boolean;
  require_special_char: boolean;
  /** Skip the breached-password check. */
  disable_hibp: boolean;
}

/** Today's rules, a new Clerk application's: 8 characters or more, not breached. */
export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicy> = Object.freeze({
  min_length: MIN_PASSWORD_LENGTH,
  max_length: MAX_PASSWORD_BYTES,
  require_uppercase: false,
  require_lowercase: false,
  require_numbers: false,
  require_special_char: false,
  disable_hibp: false,
});

export interface NewPasswordOptions {
  /** `skip_password_checks` from the request. */
  skipChecks?: boolean;
  /** The parameter to blame; `password` on both create and update. */
  paramName?: string;
  /** The instance's rules; the defaults when not given. */
  policy?: Readonly<PasswordPolicy>;
}

/**
 * Applies the instance's rules to a plaintext password about to be hashed and stored.
 *
 * What `skip_password_checks` skips: CreateUser's description says every password
 * check, UpdateUser's says the instance's password policy, and CreateUser's
 * recommends it for migrating plaintext passwords, often shorter than 8 characters.
 * So it skips the policy: lengths, character classes and the breached-list check.
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
  const policy = options.policy ?? DEFAULT_PASSWORD_POLICY;
  const characters = [...password].length;

  if (characters === 0) {
    throw apiErrors.passwordEmpty(paramName);
  }
  if (!skipChecks && characters < policy.min_length) {
    // The default minimum keeps Clerk's own message, which names 8.
    throw policy.min_length === MIN_PASSWORD_LENGTH
      ? apiErrors.passwordTooShort(paramName)
      : apiErrors.passwordBelowMinLength(paramName, policy.min_length);
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw apiErrors.passwordTooLong(paramName);
  }
  if (!skipChecks) checkCharacterRules(password, characters, policy, paramName);
  if (!skipChecks && !policy.disable_hibp && (await isCommonPassword(password))) {
    throw apiErrors.passwordPwned(paramName);
  }
}

function checkCharacterRules(
  password: string,
  characters: number,
  policy: Readonly<PasswordPolicy>,
  paramName: string,
): void {
  if (characters > policy.max_length)
    throw apiErrors.passwordAboveMaxLength(paramName, policy.max_length);
  if (policy.require_uppercase && !/\p{Lu}/u.test(password))
    throw apiErrors.passwordNoUppercase(paramName);
  if (policy.require_lowercase && !/\p{Ll}/u.test(password))
    throw apiErrors.passwordNoLowercase(paramName);
  if (policy.require_numbers && !/\p{Nd}/u.test(password))
    throw apiErrors.passwordNoNumber(paramName);
  // Special: neither a letter nor a digit (punctuation, symbols, spaces).
  if (policy.require_special_char && !/[^\p{L}\p{N}]/u.test(password))
    throw apiErrors.passwordNoSpecialChar(paramName);
}

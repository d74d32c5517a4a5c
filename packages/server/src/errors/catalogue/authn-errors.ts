import type { CatalogueEntry } from '../catalogue-entry.js';

/** Moderation, lockout, password and second-factor verification. */
export const authnErrors = {
  // Lockout (`meta.lockout_expires_in_seconds` is added by the lockout service)
  userLocked: {
    code: 'user_locked',
    status: 403,
    message: 'Account locked',
    longMessage: 'Your account is locked. You will be able to try again in %s.',
  },
  userLockedIndefinitely: {
    code: 'user_locked',
    status: 403,
    message: 'Account locked',
    longMessage: 'Your account is locked. Please contact support for more information.',
  },
  // Verification
  passwordIncorrect: {
    code: 'form_password_incorrect',
    status: 422,
    param: 'password',
    message: 'Password is incorrect. Try again, or use another method.',
    longMessage: 'Password is incorrect. Try again, or use another method.',
  },
  passwordNotSet: {
    code: 'password_not_set',
    status: 400,
    message: 'no password set',
    longMessage: 'User %s does not have a password set.',
  },
  codeIncorrect: {
    code: 'form_code_incorrect',
    status: 422,
    param: 'code',
    message: 'Incorrect code',
    longMessage: 'The TOTP or backup code is incorrect, expired or already used.',
  },
  secondFactorNotSet: {
    code: 'totp_not_enabled',
    status: 400,
    message: 'TOTP not enabled',
    longMessage: 'User %s has neither TOTP nor backup codes configured.',
  },
  totpAlreadyEnabled: {
    code: 'totp_already_enabled',
    status: 403,
    message: 'TOTP already enabled',
    longMessage: 'User %s already has a TOTP; delete it before creating another.',
  },
  // Moderation
  usersNotFound: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'user_ids',
    message: 'is invalid',
    longMessage: 'No user was found with id %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;

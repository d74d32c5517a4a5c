import type { CatalogueEntry } from '../catalogue-entry.js';

/**
 * What the instance's configured identifier and password rules refuse
 * (docs/configuration.md). The messages are Clerk's; the long ones name the rule's value.
 */
export const instanceConfigErrors = {
  /** The instance has this identifier off: the parameter does not exist for it. */
  identifierDisabled: {
    code: 'form_param_unknown',
    status: 422,
    param: true,
    message: 'is unknown',
    longMessage: '{param} is not a valid parameter for this request: the instance has it off.',
  },
  /** The instance requires this identifier. */
  identifierMissing: {
    code: 'form_param_missing',
    status: 422,
    param: true,
    message: 'missing data',
    longMessage: '{param} is required by the instance (or skip_user_requirement).',
  },
  passwordBelowMinLength: {
    code: 'form_password_length_too_short',
    status: 422,
    param: true,
    message: 'Password is too short.',
    longMessage: 'Passwords must be %s characters or more.',
  },
  passwordAboveMaxLength: {
    code: 'form_password_length_too_long',
    status: 422,
    param: true,
    message: 'Password is too long.',
    longMessage: 'Passwords must be %s characters or less.',
  },
  passwordNoUppercase: {
    code: 'form_password_no_uppercase',
    status: 422,
    param: true,
    message: 'Passwords must contain at least one uppercase character.',
    longMessage: 'Passwords must contain at least one uppercase character.',
  },
  passwordNoLowercase: {
    code: 'form_password_no_lowercase',
    status: 422,
    param: true,
    message: 'Passwords must contain at least one lowercase character.',
    longMessage: 'Passwords must contain at least one lowercase character.',
  },
  passwordNoNumber: {
    code: 'form_password_no_number',
    status: 422,
    param: true,
    message: 'Passwords must contain at least one number.',
    longMessage: 'Passwords must contain at least one number.',
  },
  passwordNoSpecialChar: {
    code: 'form_password_no_special_char',
    status: 422,
    param: true,
    message: 'Passwords must contain at least one special character.',
    longMessage:
      'Passwords must contain at least one special character (neither a letter nor a digit).',
  },
} as const satisfies Record<string, CatalogueEntry>;

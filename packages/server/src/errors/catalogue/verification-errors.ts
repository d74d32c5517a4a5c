import type { CatalogueEntry } from '../catalogue-entry.js';

/** Email addresses, phone numbers and their verification codes. */
export const verificationErrors = {
  verificationAlreadyVerified: {
    code: 'verification_already_verified',
    status: 400,
    param: 'verification_id',
    message: 'This verification has already been verified.',
    longMessage: 'Verification %s has already been verified: prepare a new one to verify again.',
  },
  primaryCannotBeUnset: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'primary',
    message: 'is invalid',
    longMessage: '%s is the primary %s: make another one primary instead of unsetting this one.',
  },
  secondFactorNotVerified: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'reserved_for_second_factor',
    message: 'is invalid',
    longMessage: 'Only a verified phone number can be reserved for second factor.',
  },
} as const satisfies Record<string, CatalogueEntry>;

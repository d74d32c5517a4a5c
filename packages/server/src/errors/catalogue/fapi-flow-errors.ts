import type { CatalogueEntry } from '../catalogue-entry.js';

/** The Frontend API's sign-in and sign-up flows (owned by the flows helper). */
export const fapiFlowErrors = {
  identifierNotFound: {
    code: 'form_identifier_not_found',
    status: 422,
    param: 'identifier',
    message: "Couldn't find your account.",
    longMessage: "Couldn't find your account.",
  },
  flowCodeIncorrect: {
    code: 'form_code_incorrect',
    status: 422,
    param: 'code',
    message: 'is incorrect',
    longMessage: 'Incorrect code',
  },
  verificationExpired: {
    code: 'verification_expired',
    status: 422,
    param: 'code',
    message: 'expired',
    longMessage: 'This verification has expired. You must prepare a new one.',
  },
  verificationFailed: {
    code: 'verification_failed',
    status: 422,
    param: 'code',
    message: 'failed',
    longMessage: 'Too many failed attempts. You have to try again with the same or another method.',
  },
  verificationNotPrepared: {
    code: 'verification_missing',
    status: 422,
    param: 'strategy',
    message: 'is not prepared',
    longMessage: 'There is no verification in progress for this strategy: prepare one first.',
  },
  strategyNotAllowed: {
    code: 'strategy_for_user_invalid',
    status: 422,
    param: 'strategy',
    message: 'is invalid',
    longMessage: 'The verification strategy %s is not valid for this account.',
  },
  strategyUnsupported: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'strategy',
    message: 'is invalid',
    longMessage: 'strategy %s is not supported here; use one of %s.',
  },
  signInStatusInvalid: {
    code: 'sign_in_status_invalid',
    status: 422,
    message: 'is invalid',
    longMessage: 'This sign-in is %s: it cannot %s.',
  },
  fieldNotAllowed: {
    code: 'form_param_unknown',
    status: 422,
    param: true,
    message: 'is unknown',
    longMessage: '{param} is not enabled for sign-up in this instance.',
  },
} as const satisfies Record<string, CatalogueEntry>;

import type { CatalogueEntry } from '../catalogue-entry.js';

/** The allow-list, the block-list and the instance's restrictions on identifiers. */
export const restrictionErrors = {
  restrictionIdentifierInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: 'identifier',
    message: 'is invalid',
    longMessage:
      'identifier must be an email address, an email domain as *@example.com, a phone number in E.164 format or a web3 wallet address.',
  },
  allowlistIdentifierExists: {
    code: 'duplicate_record',
    status: 400,
    param: 'identifier',
    message: 'duplicate allowlist identifier',
    longMessage: 'the identifier %s already exists',
  },
  blocklistIdentifierExists: {
    code: 'duplicate_record',
    status: 400,
    param: 'identifier',
    message: 'duplicate blocklist identifier',
    longMessage: 'the identifier %s already exists',
  },
  // Enforcement, wherever an identifier enters (CreateUser, …)
  identifierNotAllowed: {
    code: 'not_allowed_access',
    status: 403,
    param: true,
    message: 'Access not allowed.',
    longMessage: '%s is not allowed to access this application.',
  },
  emailSubaddressNotAllowed: {
    code: 'not_allowed_access',
    status: 403,
    param: true,
    message: 'Email subaddress not allowed.',
    longMessage: "Email address must not contain the characters '+', '=', or '#'.",
  },
  disposableEmailNotAllowed: {
    code: 'form_email_address_blocked',
    status: 422,
    param: true,
    message: 'Disposable email addresses are not allowed.',
    longMessage:
      '%s belongs to a disposable email domain; this application accepts only permanent email addresses.',
  },
} as const satisfies Record<string, CatalogueEntry>;

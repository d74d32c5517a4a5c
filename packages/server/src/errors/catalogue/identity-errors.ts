import type { CatalogueEntry } from '../catalogue-entry.js';

/** Identifiers, passwords, second factors, metadata and profile. */
export const identityErrors = {
  // Identifiers
  emailInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must be a valid email address.',
  },
  phoneInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must be a valid phone number according to E.164 international standard.',
  },
  web3WalletInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must be an Ethereum address (0x and 40 hex digits) or a Solana address.',
  },
  usernameLength: {
    code: 'form_username_invalid_length',
    status: 422,
    param: true,
    message: 'Username must be between 4 and 64 characters long.',
    longMessage: 'Username must be between 4 and 64 characters long.',
  },
  usernameCharacters: {
    code: 'form_username_invalid_character',
    status: 422,
    param: true,
    message: "Username can only contain letters, numbers and '_' or '-'.",
    longMessage: "Username can only contain letters, numbers and '_' or '-'.",
  },
  identifierRequired: {
    code: 'form_data_missing',
    status: 422,
    param: 'email_address',
    message: 'missing data',
    longMessage:
      'At least one identifier is required: email_address, phone_number, web3_wallet or username.',
  },
  emailTaken: {
    code: 'form_identifier_exists',
    status: 422,
    param: 'email_address',
    message: 'That identifier is taken. Please try another.',
    longMessage: 'That email address is taken. Please try another.',
  },
  phoneTaken: {
    code: 'form_identifier_exists',
    status: 422,
    param: 'phone_number',
    message: 'That identifier is taken. Please try another.',
    longMessage: 'That phone number is taken. Please try another.',
  },
  web3WalletTaken: {
    code: 'form_identifier_exists',
    status: 422,
    param: 'web3_wallet',
    message: 'That identifier is taken. Please try another.',
    longMessage: 'That web3 wallet is taken. Please try another.',
  },
  usernameTaken: {
    code: 'form_identifier_exists',
    status: 422,
    param: 'username',
    message: 'That identifier is taken. Please try another.',
    longMessage: 'That username is taken. Please try another.',
  },
  externalIdTaken: {
    code: 'form_identifier_exists',
    status: 422,
    param: 'external_id',
    message: 'That identifier is taken. Please try another.',
    longMessage: 'That external ID is taken. Please try another.',
  },
  identificationStatusCount: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must have exactly one item per %s (%s).',
  },
  primaryNotOwned: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} %s does not belong to this user.',
  },
  primaryNotVerified: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} %s is not verified and cannot become primary.',
  },
  // Passwords and second factors
  passwordRequired: {
    code: 'form_param_missing',
    status: 422,
    param: 'password',
    message: 'missing data',
    longMessage: 'password is required (or password_digest, or skip_password_requirement).',
  },
  passwordEmpty: {
    code: 'form_password_length_too_short',
    status: 422,
    param: true,
    message: 'Passwords must be 8 characters or more.',
    longMessage: 'Passwords must not be empty.',
  },
  passwordTooShort: {
    code: 'form_password_length_too_short',
    status: 422,
    param: true,
    message: 'Passwords must be 8 characters or more.',
    longMessage: 'Passwords must be 8 characters or more.',
  },
  passwordTooLong: {
    code: 'form_password_size_in_bytes_exceeded',
    status: 422,
    param: true,
    message: 'Passwords must be less than 72 bytes.',
    longMessage:
      'Passwords must be at most 72 bytes long in UTF-8 (characters outside ASCII take 2 to 4 bytes).',
  },
  passwordPwned: {
    code: 'form_password_pwned',
    status: 422,
    param: true,
    message:
      'Password has been found in an online data breach. For account safety, please use a different password.',
    longMessage:
      'Password has been found in an online data breach. For account safety, please use a different password.',
  },
  passwordHasherUnsupported: {
    code: 'form_param_format_invalid',
    status: 422,
    param: 'password_hasher',
    message: 'is invalid',
    longMessage: 'password_hasher `%s` is not supported: %s',
  },
  passwordDigestInvalid: {
    code: 'form_password_digest_invalid_code',
    status: 422,
    param: 'password_digest',
    message: 'is invalid',
    longMessage: 'The provided password_digest is not a valid %s password digest.',
  },
  passwordDigestTooCostly: {
    code: 'form_password_digest_invalid_code',
    status: 422,
    param: 'password_digest',
    message: 'is invalid',
    longMessage:
      'The provided password_digest %s: verifying it would take too long on every sign-in.',
  },
  totpSecretInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must be a base32 (RFC 4648) secret of %s to %s characters.',
  },
  backupCodeInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must hold non-empty codes of at most %s bytes.',
  },
  backupCodeRepeated: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must not repeat a code.',
  },
  backupCodeDigestTooCostly: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} digests may have a bcrypt cost of at most %s.',
  },
  // Metadata and profile
  metadataTooLarge: {
    code: 'form_param_exceeds_allowed_size',
    status: 422,
    param: true,
    message: 'exceeds allowed size',
    longMessage: '{param} exceeds the maximum allowed size of %s bytes.',
  },
  metadataNotAcceptedHere: {
    code: 'form_param_unknown',
    status: 422,
    param: true,
    message: 'is unknown',
    longMessage:
      '{param} is not accepted here from API version %s: use PATCH or PUT /v1/users/{user_id}/metadata.',
  },
  imageNotFound: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: 'No image was found with id %s.',
  },
} as const satisfies Record<string, CatalogueEntry>;

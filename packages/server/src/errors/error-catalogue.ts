/**
 * Every error Castellan answers with, in the style of Fastify's `createError`: a name the
 * throw sites call (`apiErrors.notFound('user', id)`), Clerk's code, the HTTP status, a short
 * message and a long-message template whose `%s` are filled, in order, by the call's
 * arguments. `param: true` makes the first argument the parameter at fault
 * (`meta.param_name`, `{param}` in the template); a string names a fixed parameter. A test
 * checks that every code is documented in docs/errors.md; the types check that every call
 * passes the parameter when the entry takes one, then one argument per `%s`.
 */
export const errorCatalogue = {
  // Authentication
  authorizationHeaderMissing: {
    code: 'authorization_header_missing',
    status: 401,
    message: 'Authorization header missing',
    longMessage:
      'The Authorization header is missing. Send your Secret Key as `Authorization: Bearer sk_…`.',
  },
  authenticationInvalid: {
    code: 'authentication_invalid',
    status: 401,
    message: 'Invalid authentication',
    longMessage: 'The provided Secret Key is invalid. Make sure that your Secret Key is correct.',
  },

  // Resources and routes
  notFound: {
    code: 'resource_not_found',
    status: 404,
    message: 'not found',
    longMessage: 'No %s was found with id %s.',
  },
  routeNotFound: {
    code: 'resource_not_found',
    status: 404,
    message: 'not found',
    longMessage: 'No route matches %s %s.',
  },

  // The request as a whole
  malformedBody: {
    code: 'malformed_request_body',
    status: 400,
    message: 'malformed request body',
    longMessage: 'The request body could not be parsed as JSON.',
  },
  badRequest: {
    code: 'bad_request',
    status: 400,
    message: 'bad request',
    longMessage: '%s',
  },
  unsupportedContentType: {
    code: 'unsupported_content_type',
    status: 415,
    message: 'unsupported content type',
    longMessage: 'The request Content-Type is not supported by this endpoint.',
  },
  bodyTooLarge: {
    code: 'request_body_too_large',
    status: 413,
    message: 'request body too large',
    longMessage: 'The request body exceeds the maximum allowed size.',
  },

  // Parameters, as the contract validates them
  paramMissing: {
    code: 'form_param_missing',
    status: 422,
    param: true,
    message: 'missing data',
    longMessage: '{param} is missing.',
  },
  bodyNotObject: {
    code: 'form_param_missing',
    status: 422,
    param: 'body',
    message: 'missing data',
    longMessage: 'The request body must be a JSON object.',
  },
  paramUnknown: {
    code: 'form_param_unknown',
    status: 422,
    param: true,
    message: 'is unknown',
    longMessage: '{param} is not a valid parameter for this request.',
  },
  paramFormatInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} %s.',
  },
  paramValueInvalid: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} %s.',
  },
  timestampInvalid: {
    code: 'form_param_format_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} must be an RFC 3339 timestamp, e.g. 2012-10-20T07:15:20.902Z.',
  },
  duplicateValue: {
    code: 'form_param_value_invalid',
    status: 422,
    param: true,
    message: 'is invalid',
    longMessage: '{param} contains %s more than once.',
  },
  tooManyValues: {
    code: 'form_param_exceeds_allowed_size',
    status: 422,
    param: true,
    message: 'exceeds allowed size',
    longMessage: '{param} accepts up to %s values.',
  },
  paramsRequiredTogether: {
    code: 'form_conditional_param_missing',
    status: 422,
    param: true,
    message: 'missing data',
    longMessage: '{param} is required together with %s.',
  },
  paramsExclusive: {
    code: 'form_param_not_allowed',
    status: 422,
    param: true,
    message: 'is not allowed',
    longMessage: '{param} cannot be sent together with %s.',
  },

  // Lists
  orderByInvalid: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'order_by',
    message: 'is invalid',
    longMessage: 'order_by must be one of %s, optionally prefixed with + or -.',
  },
  cursorNeedsOrder: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'starting_after',
    message: 'is invalid',
    longMessage: 'starting_after requires ordering by %s.',
  },
  cursorWithOffset: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'starting_after',
    message: 'is invalid',
    longMessage: 'starting_after cannot be combined with a non-zero offset.',
  },
  cursorNotFound: {
    code: 'form_param_value_invalid',
    status: 422,
    param: 'starting_after',
    message: 'is invalid',
    longMessage: 'No %s was found with id %s.',
  },

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
    longMessage: 'password_hasher must be one of the supported hashers; `%s` is not supported.',
  },
  passwordDigestInvalid: {
    code: 'form_password_digest_invalid_code',
    status: 422,
    param: 'password_digest',
    message: 'is invalid',
    longMessage: 'The provided password_digest is not a valid %s password digest.',
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

  // The server
  internal: {
    code: 'internal_clerk_error',
    status: 500,
    message: 'Oops, an unexpected error occurred',
    longMessage:
      "There was an internal error on our servers. We've been notified and are working on fixing it.",
  },
  serviceUnavailable: {
    code: 'service_unavailable',
    status: 503,
    message: 'Service unavailable',
    longMessage: 'The database is not reachable.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export interface CatalogueEntry {
  /** Clerk's error code, sent as `code`. */
  code: string;
  status: number;
  message: string;
  /** `{param}` is the parameter's name; `%s` placeholders are filled by the arguments, in order. */
  longMessage: string;
  /** `true`: the first argument names the parameter; a string: this parameter. */
  param?: true | string;
}

export type ErrorName = keyof typeof errorCatalogue;
export type ErrorCode = (typeof errorCatalogue)[ErrorName]['code'];

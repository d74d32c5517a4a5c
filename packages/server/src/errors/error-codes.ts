/**
 * The catalogue of error codes Castellan answers with, each with its HTTP status and
 * default messages. Codes are Clerk's; a test checks every code is documented in
 * docs/errors.md.
 */
export const errorCatalogue = {
  authentication_invalid: {
    status: 401,
    message: 'Invalid authentication',
    longMessage: 'The provided Secret Key is invalid. Make sure that your Secret Key is correct.',
  },
  authorization_header_missing: {
    status: 401,
    message: 'Authorization header missing',
    longMessage:
      'The Authorization header is missing. Send your Secret Key as `Authorization: Bearer sk_…`.',
  },
  resource_not_found: {
    status: 404,
    message: 'not found',
    longMessage: 'The requested resource was not found.',
  },
  malformed_request_body: {
    status: 400,
    message: 'malformed request body',
    longMessage: 'The request body could not be parsed as JSON.',
  },
  unsupported_content_type: {
    status: 415,
    message: 'unsupported content type',
    longMessage: 'The request Content-Type is not supported by this endpoint.',
  },
  request_body_too_large: {
    status: 413,
    message: 'request body too large',
    longMessage: 'The request body exceeds the maximum allowed size.',
  },
  form_param_missing: {
    status: 422,
    message: 'missing data',
    longMessage: 'A required parameter is missing.',
  },
  form_param_format_invalid: {
    status: 422,
    message: 'is invalid',
    longMessage: 'A parameter has an invalid format.',
  },
  form_param_value_invalid: {
    status: 422,
    message: 'is invalid',
    longMessage: 'A parameter has an invalid value.',
  },
  form_param_unknown: {
    status: 422,
    message: 'is unknown',
    longMessage: 'An unknown parameter was sent.',
  },
  form_param_exceeds_allowed_size: {
    status: 422,
    message: 'exceeds allowed size',
    longMessage: 'A parameter exceeds the allowed size.',
  },
  form_identifier_exists: {
    status: 422,
    message: 'That identifier is taken. Please try another.',
    longMessage: 'That identifier is taken. Please try another.',
  },
  form_password_pwned: {
    status: 422,
    message:
      'Password has been found in an online data breach. For account safety, please use a different password.',
    longMessage:
      'Password has been found in an online data breach. For account safety, please use a different password.',
  },
  form_password_length_too_short: {
    status: 422,
    message: 'Passwords must be 8 characters or more.',
    longMessage: 'Passwords must be 8 characters or more.',
  },
  form_password_size_in_bytes_exceeded: {
    status: 422,
    message: 'Passwords must be less than 72 bytes.',
    longMessage: 'Passwords must be less than 72 bytes.',
  },
  form_password_digest_invalid_code: {
    status: 422,
    message: 'is invalid',
    longMessage: 'The password digest is not valid for the given password hasher.',
  },
  form_username_invalid_length: {
    status: 422,
    message: 'Username must be between 4 and 64 characters long.',
    longMessage: 'Username must be between 4 and 64 characters long.',
  },
  form_username_invalid_character: {
    status: 422,
    message: "Username can only contain letters, numbers and '_' or '-'.",
    longMessage: "Username can only contain letters, numbers and '_' or '-'.",
  },
  form_data_missing: {
    status: 422,
    message: 'missing data',
    longMessage: 'At least one identifier is required.',
  },
  form_conditional_param_missing: {
    status: 422,
    message: 'missing data',
    longMessage: 'A parameter that is required together with another one is missing.',
  },
  form_param_not_allowed: {
    status: 422,
    message: 'is not allowed',
    longMessage: 'This parameter is not allowed in this combination.',
  },
  internal_clerk_error: {
    status: 500,
    message: 'Oops, an unexpected error occurred',
    longMessage:
      "There was an internal error on our servers. We've been notified and are working on fixing it.",
  },
  service_unavailable: {
    status: 503,
    message: 'Service unavailable',
    longMessage: 'The database is not reachable.',
  },
} as const satisfies Record<string, { status: number; message: string; longMessage: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

import type { CatalogueEntry } from '../catalogue-entry.js';

/** Authentication, routes and the request as a whole. */
export const requestErrors = {
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
    longMessage: 'The request body is not valid JSON (in UTF-8).',
  },
  badRequest: {
    code: 'bad_request',
    status: 400,
    message: 'bad request',
    longMessage: '%s',
  },
  badUrl: {
    code: 'bad_request',
    status: 400,
    message: 'bad request',
    longMessage: 'The URL is not valid: %s',
  },
  pathParamTooLong: {
    code: 'request_uri_too_long',
    status: 414,
    message: 'URI too long',
    longMessage: 'A path parameter exceeds %s characters.',
  },
  headersTooLarge: {
    code: 'request_header_fields_too_large',
    status: 431,
    message: 'request headers too large',
    longMessage: 'The request line and headers exceed %s bytes.',
  },
  requestTimeout: {
    code: 'request_timeout',
    status: 408,
    message: 'request timeout',
    longMessage: 'The request was not received in time.',
  },
  unsupportedContentType: {
    code: 'unsupported_content_type',
    status: 415,
    message: 'unsupported content type',
    longMessage: 'Content-Type %s is not supported by this endpoint; send application/json.',
  },
  bodyTooLarge: {
    code: 'request_body_too_large',
    status: 413,
    message: 'request body too large',
    longMessage: 'The request body exceeds the maximum allowed size.',
  },
  // Rate limits (src/rate-limits, docs/rate-limits.md): the answer carries `Retry-After`.
  tooManyRequests: {
    code: 'too_many_requests',
    status: 429,
    message: 'Too many requests',
    longMessage: 'Rate limit reached for %s of this instance: try again in %s s (Retry-After).',
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

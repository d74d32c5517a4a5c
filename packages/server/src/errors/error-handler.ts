import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrors } from './api-errors.js';
import { ClerkApiError, type ClerkErrorItem } from './clerk-api-error.js';
import { validationError } from './validation-errors.js';

/** The longest path parameter the router matches (Fastify's `maxParamLength`). */
export const MAX_PARAM_LENGTH = 256;

export interface ClerkErrorsBody {
  errors: { message: string; long_message: string; code: string; meta?: Record<string, unknown> }[];
  clerk_trace_id: string;
}

export function renderErrors(items: ClerkErrorItem[], traceId: string): ClerkErrorsBody {
  return {
    errors: items.map((e) => ({
      message: e.message,
      long_message: e.longMessage,
      code: e.code,
      ...(e.meta ? { meta: e.meta } : {}),
    })),
    clerk_trace_id: traceId,
  };
}

/** Turns anything thrown into a Clerk error and its status. Unknown errors become a bare 500. */
export function toClerkApiError(
  error: FastifyError | Error,
  request?: FastifyRequest,
): {
  error: ClerkApiError;
  unexpected: boolean;
} {
  if (error instanceof ClerkApiError) return { error, unexpected: false };
  const fe = error as FastifyError;
  if (fe.validation) {
    return { error: validationError(fe.validation, fe.validationContext), unexpected: false };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: apiErrors.bodyTooLarge(), unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        error: apiErrors.unsupportedContentType(
          String(request?.headers['content-type'] ?? '(none)').slice(0, 100),
        ),
        unexpected: false,
      };
    case 'FST_ERR_BAD_URL':
      return { error: apiErrors.badUrl('it is not valid percent-encoding.'), unexpected: false };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { error: apiErrors.pathParamTooLong(MAX_PARAM_LENGTH), unexpected: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: apiErrors.malformedBody(), unexpected: false };
  }
  if (error instanceof SyntaxError && fe.statusCode === 400) {
    return { error: apiErrors.malformedBody(), unexpected: false };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const { errors } = apiErrors.badRequest(fe.message);
    return { error: new ClerkApiError(fe.statusCode, errors), unexpected: false };
  }
  return { error: apiErrors.internal(), unexpected: true };
}

export function sendClerkError(request: FastifyRequest, reply: FastifyReply, error: ClerkApiError) {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  // Serialized here and sent as bytes, so Fastify keeps the exact content type
  // @clerk/backend expects (no `; charset=utf-8`) even where no onSend hook runs: answers
  // to the router's own failures skip the hooks.
  return reply
    .code(error.status)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(renderErrors(error.errors, request.id))));
}

/** Renders any failure as the Clerk error envelope; unexpected ones are logged in full. */
export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const { error, unexpected } = toClerkApiError(err, request);
  if (unexpected) request.log.error({ err, trace_id: request.id }, 'unexpected error');
  return sendClerkError(request, reply, error);
}

/**
 * One handler renders every failure as the Clerk error envelope: errors thrown by routes,
 * requests no route matches, and the router's own failures (`frameworkErrors` in
 * app.ts: a malformed URL, an overlong path parameter).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendClerkError(
      request,
      reply,
      apiErrors.routeNotFound(request.method, request.url.split('?')[0] ?? '/'),
    ),
  );
}

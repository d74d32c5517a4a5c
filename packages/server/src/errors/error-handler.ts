import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrors } from './api-errors.js';
import { ClerkApiError, type ClerkErrorItem } from './clerk-api-error.js';
import { validationError } from './validation-errors.js';

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
export function toClerkApiError(error: FastifyError | Error): {
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
      return { error: apiErrors.unsupportedContentType(), unexpected: false };
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
  return reply
    .code(error.status)
    .type('application/json')
    .send(renderErrors(error.errors, request.id));
}

/** One handler renders every failure as the Clerk error envelope. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { error, unexpected } = toClerkApiError(err);
    if (unexpected) request.log.error({ err, trace_id: request.id }, 'unexpected error');
    return sendClerkError(request, reply, error);
  });
  app.setNotFoundHandler((request, reply) =>
    sendClerkError(
      request,
      reply,
      apiErrors.routeNotFound(request.method, request.url.split('?')[0] ?? '/'),
    ),
  );
}

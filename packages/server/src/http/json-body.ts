import type { FastifyInstance } from 'fastify';
import { apiErrors } from '../errors/api-errors.js';

/**
 * JSON bodies. `@clerk/backend` sends `Content-Type: application/json` on every request,
 * GET and body-less POST included, so an empty body is accepted (as no body) instead of
 * Fastify's FST_ERR_CTP_EMPTY_JSON_BODY.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'string' },
    (_req, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(apiErrors.malformedBody(), undefined);
      }
    },
  );
}

/**
 * `@clerk/backend` parses a body only when Content-Type is exactly `application/json`;
 * Fastify's default `; charset=utf-8` would make it return raw strings.
 */
export function registerExactJsonContentType(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json')) {
      reply.header('content-type', 'application/json');
    }
    return payload;
  });
}

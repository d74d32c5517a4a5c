import type { FastifyInstance } from 'fastify';
import { apiErrors } from '../errors/api-errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Request bodies are JSON, nothing else: any other content type (`text/plain` included) is
 * a 415. `@clerk/backend` sends `Content-Type: application/json` on every request, GET and
 * body-less POST included, so an empty body is accepted (as no body) instead of Fastify's
 * FST_ERR_CTP_EMPTY_JSON_BODY. A body that is not valid UTF-8 or not JSON is a 400; what
 * JSON may hold is checked next by the input guard (input-guard.ts).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'buffer' },
    (_req, body, done) => {
      let text: string;
      try {
        text = utf8.decode(body as Buffer);
      } catch {
        return done(apiErrors.malformedBody(), undefined);
      }
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

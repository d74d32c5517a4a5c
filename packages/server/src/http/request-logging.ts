import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export function generateTraceId(): string {
  return randomBytes(16).toString('hex');
}

/** One log line per request, with trace id, status and duration; no headers at all. */
export function registerRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-clerk-trace-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        trace_id: request.id,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request',
    );
  });
}

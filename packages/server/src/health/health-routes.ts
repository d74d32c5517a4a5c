import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { apiErrors } from '../errors/api-errors.js';

/** `/healthz`: the process is up. `/readyz`: the database answers. */
export function registerHealthRoutes(app: FastifyInstance, database: Database): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request) => {
    try {
      await database.ping();
    } catch (err) {
      request.log.warn({ err }, 'database unreachable');
      throw apiErrors.serviceUnavailable();
    }
    return { status: 'ok', database: database.dialect };
  });
}

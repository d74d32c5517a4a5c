import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { routeOf } from '../http/define-route.js';
import { getJwks } from './instance-service.js';

export const jwksRoutes: FastifyPluginAsync<{ db: Kysely<Db> }> = async (app, { db }) => {
  app.route({
    ...routeOf('GetJWKS'),
    handler: async (request) => getJwks(db, request.instance.id),
  });
};

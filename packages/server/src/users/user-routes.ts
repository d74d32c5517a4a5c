import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { requestContextOf, routeOf } from '../http/define-route.js';
import type { UserScope } from './user-context.js';
import type { CreateUserInput, MetadataInput, UpdateUserInput } from './user-inputs.js';
import type { UserListQuery } from './user-list-params.js';
import { countUsers, listUsers } from './user-list-service.js';
import { changeUserMetadata, createUser, deleteUser, getUser, updateUser } from './user-service.js';
import type { FastifyRequest } from 'fastify';

/** The Users API: thin handlers, rules live in the services. */
export const userRoutes: FastifyPluginAsync<{ db: Kysely<Db> }> = async (plugin, { db }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const dialect = dialectOf(db);
  const scopeOf = (request: FastifyRequest): UserScope => ({
    db,
    dialect,
    instanceId: request.instance.id,
    request: requestContextOf(request),
  });

  app.route({
    ...routeOf('GetUserList'),
    handler: async (request) => listUsers(scopeOf(request), request.query as UserListQuery),
  });
  app.route({
    ...routeOf('GetUsersCount'),
    handler: async (request) => countUsers(scopeOf(request), request.query as UserListQuery),
  });
  app.route({
    ...routeOf('CreateUser'),
    handler: async (request) => createUser(scopeOf(request), request.body as CreateUserInput),
  });
  app.route({
    ...routeOf('GetUser'),
    handler: async (request) => getUser(scopeOf(request), request.params.user_id),
  });
  app.route({
    ...routeOf('UpdateUser'),
    handler: async (request) =>
      updateUser(
        scopeOf(request),
        request.params.user_id,
        (request.body ?? {}) as UpdateUserInput,
        request.headers['clerk-api-version'] as string | undefined,
      ),
  });
  app.route({
    ...routeOf('DeleteUser'),
    handler: async (request) => deleteUser(scopeOf(request), request.params.user_id),
  });
  app.route({
    ...routeOf('UpdateUserMetadata'),
    handler: async (request) =>
      changeUserMetadata(
        scopeOf(request),
        request.params.user_id,
        (request.body ?? {}) as MetadataInput,
        'merge',
      ),
  });
  app.route({
    ...routeOf('ReplaceUserMetadata'),
    handler: async (request) =>
      changeUserMetadata(
        scopeOf(request),
        request.params.user_id,
        (request.body ?? {}) as MetadataInput,
        'replace',
      ),
  });
};

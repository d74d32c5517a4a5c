import { operations, type RequestBody } from '@castellan/contract';
import type { FastifyInstance } from 'fastify';
import { changeProductionInstanceDomain } from './domain-update-service.js';

/**
 * `@clerk/backend`'s `betaFeatures.changeDomain` sends `POST /v1/beta_features/change_domain`,
 * a path the spec does not have (it lists `POST /v1/instance/change_domain` and the
 * deprecated `PUT /v1/beta_features/domain`). Served as ChangeProductionInstanceDomain, with
 * its body schema, so the official client works (COMPAT.md); not in /openapi.json.
 */
export function registerDomainAliases(v1: FastifyInstance): void {
  const { body } = operations.ChangeProductionInstanceDomain.request;
  v1.route({
    method: 'POST',
    url: '/beta_features/change_domain',
    schema: { body },
    preValidation: async (request) => {
      request.body ??= {};
    },
    handler: async (request, reply) => {
      const input = request.body as RequestBody<'ChangeProductionInstanceDomain'>;
      await changeProductionInstanceDomain(request.scope, input);
      return reply.code(202).send();
    },
  });
}

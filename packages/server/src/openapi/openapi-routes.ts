import { buildOpenApiDocument, type OperationId } from '@castellan/contract';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';

const VERSION = '0.1.0';

/**
 * `/openapi.json`: the contract's OpenAPI document, listing the operations this server
 * implements (collected from the routes as they register). `/docs`: Scalar's API reference
 * rendering it.
 */
export function registerOpenApiRoutes(app: FastifyInstance): void {
  const implemented = new Set<OperationId>();
  app.addHook('onRoute', (route) => {
    const id = (route.config as { operationId?: OperationId } | undefined)?.operationId;
    if (id) implemented.add(id);
  });
  let document: unknown;
  app.get('/openapi.json', { config: { public: true } }, async (request) => {
    document ??= buildOpenApiDocument({
      operationIds: [...implemented].sort(),
      serverUrl: `${request.protocol}://${request.host}/v1`,
      title: 'Castellan (Clerk Backend API)',
      version: VERSION,
    });
    return document;
  });
  void app.register(scalar, {
    routePrefix: '/docs',
    configuration: { url: '/openapi.json', title: 'Castellan API reference' },
  });
}

import { buildOpenApiDocument, type OperationId } from '@castellan/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { docsContentSecurityPolicy, docsScalarConfiguration } from './docs-configuration.js';
import { registerDocsRoutes } from './docs-routes.js';
import { DOCS_INTRODUCTION } from './docs-introduction.js';

const VERSION = '0.1.0';

export interface OpenApiRoutesOptions {
  /** Where clients reach the server (`https://auth.example.com`); else server URLs are relative. */
  publicUrl?: string | undefined;
}

/**
 * `/openapi.json`: the contract's OpenAPI document, listing the operations this server
 * implements (collected from the routes as they register). `/docs`: Scalar's API reference
 * rendering it, with everything it needs served from here.
 *
 * The document's server URL is the configured public URL, or `/v1` relative to wherever the
 * document was fetched from; never the request's `Host` header, which any client can set:
 * cached from the first request, it used to send every later visitor's secret key to
 * whichever host that request named (issue 6).
 */
export function registerOpenApiRoutes(app: FastifyInstance, options: OpenApiRoutesOptions): void {
  const implemented = new Set<OperationId>();
  app.addHook('onRoute', (route) => {
    const id = (route.config as { operationId?: OperationId } | undefined)?.operationId;
    if (id) implemented.add(id);
  });
  let document: Record<string, unknown> | undefined;
  const openApiDocument = () =>
    (document ??= buildOpenApiDocument({
      operationIds: [...implemented].sort(),
      serverUrl: options.publicUrl ? `${options.publicUrl}/v1` : '/v1',
      title: 'Castellan (Clerk Backend API)',
      version: VERSION,
      description: DOCS_INTRODUCTION,
    }));
  // Every route has registered by then: build the document before the first request asks.
  app.addHook('onReady', async () => void openApiDocument());

  const policy = docsContentSecurityPolicy(options.publicUrl);
  const protect = async (_request: unknown, reply: FastifyReply) => {
    reply.header('content-security-policy', policy);
    reply.header('x-content-type-options', 'nosniff');
  };
  app.get('/openapi.json', { config: { public: true }, onRequest: protect }, async () =>
    openApiDocument(),
  );
  registerDocsRoutes(app, {
    document: openApiDocument,
    onRequest: protect,
    configuration: docsScalarConfiguration(),
  });
}

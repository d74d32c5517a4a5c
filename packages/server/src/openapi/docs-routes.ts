import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getHtmlDocument } from '@scalar/core/libs/html-rendering';
import type { ApiReferenceConfiguration } from '@scalar/fastify-api-reference';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Scalar's browser bundle (3.6 MB on disk, 7 MB as a string in memory), as
 * `@scalar/fastify-api-reference` ships it. Read from disk for each request: the plugin
 * itself reads it into a string when it registers, which every server built in the process
 * kept (the warm-up's among them: 14 MB of an idle server's 156).
 */
const SCALAR_BUNDLE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@scalar/fastify-api-reference')),
  'js',
  'standalone.js',
);

export interface DocsRoutesOptions {
  /** The OpenAPI document the reference renders. */
  document: () => Record<string, unknown>;
  /** Headers every docs answer gets (content security policy). */
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  configuration: Partial<ApiReferenceConfiguration>;
}

/**
 * `/docs/`: Scalar's API reference, rendered by Scalar's own HTML renderer, its bundle and
 * the document it reads served from here (`/docs/js/scalar.js`, `/docs/openapi.json`), so
 * the page works offline; `/docs` redirects to `/docs/`, which the relative URLs need.
 */
export function registerDocsRoutes(app: FastifyInstance, options: DocsRoutesOptions): void {
  const route = { config: { public: true }, onRequest: options.onRequest };
  app.get('/docs/', route, async (request, reply) => {
    // The router ignores trailing slashes; the page's relative URLs do not.
    if (!request.url.split('?')[0]!.endsWith('/')) return reply.redirect('/docs/', 301);
    const html = getHtmlDocument({
      cdn: 'js/scalar.js',
      ...options.configuration,
      url: './openapi.json',
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });
  app.get('/docs/js/scalar.js', route, async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(createReadStream(SCALAR_BUNDLE)),
  );
  app.get('/docs/openapi.json', route, async (_request, reply) =>
    reply.type('application/json').send(options.document()),
  );
}

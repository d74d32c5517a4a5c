import type { ApiReferenceConfiguration } from '@scalar/fastify-api-reference';

export const DOCS_TITLE = 'Castellan API reference';

/**
 * Scalar's configuration for `/docs`: Castellan's title, and nothing that belongs to Scalar's
 * hosted services, which mean nothing for a server on a laptop or in a private network: the
 * developer toolbar (Share, Deploy, Generate), the AI agent (Ask AI), telemetry, and the
 * fonts Scalar would otherwise fetch from its CDN (the page must work offline).
 */
export function docsScalarConfiguration(): Partial<ApiReferenceConfiguration> {
  return {
    pageTitle: DOCS_TITLE,
    title: DOCS_TITLE,
    showDeveloperTools: 'never',
    agent: { disabled: true },
    telemetry: false,
    withDefaultFonts: false,
    authentication: { preferredSecurityScheme: 'bearerAuth' },
  };
}

/**
 * `/docs` loads only from this server: Scalar's bundle and the OpenAPI document are served
 * here, its configuration is an inline script and Vue sets inline styles. Requests the
 * reference sends ("Test request") go to this server, or to the public URL when one is set.
 * No page may frame it (clickjacking a page that holds a secret key).
 */
export function docsContentSecurityPolicy(publicUrl: string | undefined): string {
  const api = publicUrl ? ` ${new URL(publicUrl).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${api}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

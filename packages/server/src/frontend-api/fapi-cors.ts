import type { FastifyReply } from 'fastify';
import { listDomains } from '../domains/domain-service.js';
import { readSettingsSections } from '../instances/instance-settings-service.js';
import type { Scope } from '../platform/scope.js';
import { listRedirectUrls } from '../redirect-urls/redirect-url-service.js';

/**
 * CORS for the Frontend API. clerk-js fetches with `credentials: 'include'`, so an allowed
 * origin is echoed with `Access-Control-Allow-Credentials: true`; any other origin is
 * refused outright (a form POST needs no preflight, so leaving the headers out alone would
 * still let another site's page change a client).
 */

const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function parseOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.origin === origin && (url.protocol === 'http:' || url.protocol === 'https:')
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a page at `origin` may call this instance's Frontend API: this server's own
 * origin; for development instances any loopback origin; the instance's `allowed_origins`;
 * an origin of one of its redirect URLs; an https origin on one of its domains (or below).
 */
export async function isAllowedOrigin(scope: Scope, origin: string): Promise<boolean> {
  const url = parseOrigin(origin);
  if (!url) return false;
  if (origin === new URL(scope.baseUrl).origin) return true;
  if (scope.instance.environment === 'development' && LOOPBACK.test(url.hostname)) return true;
  const { instance } = await readSettingsSections(scope.db, scope.instanceId);
  if (instance.allowed_origins?.includes(origin)) return true;
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:') {
    const { data: domains } = await listDomains(scope);
    if (domains.some((d) => host === d.name || host.endsWith(`.${d.name}`))) return true;
  }
  const redirects = await listRedirectUrls(scope, { limit: 500, offset: 0 });
  const list = Array.isArray(redirects) ? redirects : redirects.data;
  return list.some((r) => parseOrigin(originOf(r.url))?.origin === origin);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** The headers an allowed origin's responses carry. */
export function setCorsHeaders(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-allow-credentials', 'true');
  reply.header('access-control-expose-headers', 'Clerk-Db-Jwt');
  reply.header('vary', 'Origin');
}

/** A preflight's answer headers (clerk-js sends none, other callers may). */
export function setPreflightHeaders(reply: FastifyReply, requestedHeaders: string | undefined) {
  reply.header('access-control-allow-methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS');
  if (requestedHeaders) reply.header('access-control-allow-headers', requestedHeaders);
  reply.header('access-control-max-age', '600');
}

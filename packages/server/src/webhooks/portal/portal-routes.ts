import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { exchangePortalLink } from '../svix-app-service.js';
import { PORTAL_CSS, PORTAL_HTML } from './portal-page.js';
import { PORTAL_JS } from './portal-script.js';

/** The page runs its own script and style only, and talks to this origin only. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function sendAsset(reply: FastifyReply, type: string, body: string) {
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type(type)
    .send(body);
}

const sessionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: { token: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const sessionResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['object', 'token', 'app_id', 'expires_at'],
  properties: {
    object: { type: 'string', enum: ['webhook_portal_session'] },
    token: { type: 'string' },
    app_id: { type: 'string' },
    expires_at: { type: 'integer' },
  },
} as const;

export interface PortalRoutesOptions {
  database: Database;
  clock: Clock;
}

/**
 * `GET /castellan/webhooks/portal` (the page, its script and style) and
 * `POST /castellan/webhooks/portal/session`, which trades the link's one-time token for a
 * portal session token. No secret key: the link is the credential. Registered in the
 * `/castellan` scope (public routes).
 */
export function registerPortalRoutes(
  app: FastifyInstance,
  { database, clock }: PortalRoutesOptions,
) {
  const config = { public: true };
  app.get('/webhooks/portal', { config }, async (request, reply) => {
    // The page loads its files relative to its own path, so it has one address only.
    const [path, search] = request.url.split('?');
    if (path!.endsWith('/')) {
      return reply.redirect(path!.replace(/\/+$/, '') + (search ? `?${search}` : ''));
    }
    return sendAsset(reply, 'text/html; charset=utf-8', PORTAL_HTML);
  });
  app.get('/webhooks/portal/portal.js', { config }, async (_request, reply) =>
    sendAsset(reply, 'text/javascript; charset=utf-8', PORTAL_JS),
  );
  app.get('/webhooks/portal/portal.css', { config }, async (_request, reply) =>
    sendAsset(reply, 'text/css; charset=utf-8', PORTAL_CSS),
  );
  app.post(
    '/webhooks/portal/session',
    { config, schema: { body: sessionBody, response: { 200: sessionResponse } } },
    async (request) => {
      const { token } = request.body as { token: string };
      const session = await exchangePortalLink(database.db, database.adapter, clock.now(), token);
      return {
        object: 'webhook_portal_session',
        token: session.token,
        app_id: session.appId,
        expires_at: session.expiresAt,
      };
    },
  );
}

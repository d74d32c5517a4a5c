import type { FastifyReply } from 'fastify';
import { signClientCookieToken } from '../clients/client-browser.js';
import { cookieSuffix } from '../sessions/session-cookies.js';
import { clientSignedIn, serializeClient } from './client-serializer.js';
import type { FapiContext, FapiResult } from './fapi-context.js';
import { FAPI_PREFIX } from './fapi-prefix.js';

/** How long the `__client` and `__client_uat` cookies live (Clerk: about a year). */
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * Secure when the browser reached the FAPI over https: directly, or through an app's proxy
 * that says so in `Clerk-Proxy-Url`.
 */
function secureRequest(ctx: FapiContext): boolean {
  const proxyUrl = ctx.request.headers['clerk-proxy-url'];
  return (
    ctx.request.protocol === 'https' ||
    (typeof proxyUrl === 'string' && proxyUrl.startsWith('https://'))
  );
}

function cookieAttributes(ctx: FapiContext, httpOnly: boolean, path = '/'): string {
  return [
    `Path=${path}`,
    `Max-Age=${COOKIE_MAX_AGE_SECONDS}`,
    'SameSite=Lax',
    ...(httpOnly ? ['HttpOnly'] : []),
    ...(secureRequest(ctx) ? ['Secure'] : []),
  ].join('; ');
}

/**
 * Where the `__client` cookie is sent back. Under `/__clerk/<instance id>` (a page pointed at
 * a server of several instances) it is that prefix, so two instances' pages on one Castellan
 * host each keep their own client cookie instead of replacing each other's; else `/` (the
 * app's own `/__clerk` proxy, or a server of one instance).
 */
function clientCookiePath(ctx: FapiContext): string {
  const instance = (ctx.request.params as { instance_id?: string } | undefined)?.instance_id;
  return instance === undefined ? '/' : `${FAPI_PREFIX}/${instance}`;
}

/**
 * The production cookies a response carries: a new `__client` when the write made a client
 * (HttpOnly: only the FAPI reads it), and `__client_uat` (plain and suffixed: clerk-js does
 * not write it for production instances) on every response for a client, `0` once signed
 * out, so a session ended elsewhere (revoked through the Backend API) reaches
 * `authenticateRequest` on the next FAPI call.
 */
async function productionCookies(ctx: FapiContext): Promise<void> {
  if (ctx.pendingClientToken) {
    const { clientId, rotatingToken } = ctx.pendingClientToken;
    const jwt = await signClientCookieToken(ctx.scope, clientId, rotatingToken);
    ctx.setCookies.push(`__client=${jwt}; ${cookieAttributes(ctx, true, clientCookiePath(ctx))}`);
    ctx.pendingClientToken = undefined;
  }
  if (ctx.environment !== 'production' || !ctx.client) return;
  const uat = (await clientSignedIn(ctx)) ? Math.floor(Number(ctx.client.updated_at) / 1000) : 0;
  const attributes = cookieAttributes(ctx, false);
  const suffix = cookieSuffix(ctx.scope.instance.publishableKey);
  ctx.setCookies.push(`__client_uat=${uat}; ${attributes}`);
  ctx.setCookies.push(`__client_uat_${suffix}=${uat}; ${attributes}`);
}

/** Sends what a handler returned, with the context's cookies and headers. */
export async function sendFapiResult(
  ctx: FapiContext,
  reply: FastifyReply,
  result: FapiResult,
): Promise<unknown> {
  const body =
    result.kind === 'envelope'
      ? { response: result.response, client: await serializeClient(ctx) }
      : result.kind === 'bare'
        ? result.body
        : undefined;
  await productionCookies(ctx);
  for (const [name, value] of Object.entries(ctx.headers)) reply.header(name, value);
  if (ctx.setCookies.length > 0) reply.header('set-cookie', ctx.setCookies);
  reply.header('cache-control', 'no-store');
  if (result.kind === 'redirect') return reply.redirect(result.location, result.status);
  return reply
    .code(result.status ?? 200)
    .header('content-type', 'application/json')
    .send(JSON.stringify(body));
}

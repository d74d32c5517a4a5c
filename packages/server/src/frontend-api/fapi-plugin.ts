import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrors } from '../errors/api-errors.js';
import { bodyFields, queryFields, registerFormBodyParser } from './fapi-body.js';
import type { FapiContext, FapiMethod, FapiRoute, FormFields } from './fapi-context.js';
import { isAllowedOrigin, setCorsHeaders, setPreflightHeaders } from './fapi-cors.js';
import type { FrontendApiOptions } from './fapi-options.js';
import { sendFapiResult } from './fapi-reply.js';
import { resolveFapiContext } from './fapi-request.js';
import { FAPI_PREFIX } from './fapi-prefix.js';

/**
 * The Frontend API, under `/__clerk` and `/__clerk/<instance id>` (docs/frontend-api.md).
 * None of the Backend API's hooks (secret key, rate limits, contract schemas) run here: a
 * browser calls it. Each request resolves its instance and client first (fapi-request.ts),
 * CORS admits the instance's origins only, and the routes of every module are served with
 * `_method` (clerk-js sends PATCH, PUT and DELETE as `POST ?_method=X`).
 */

declare module 'fastify' {
  interface FastifyRequest {
    fapi: { ctx: FapiContext; query: FormFields } | null;
  }
}

export { FAPI_PREFIX } from './fapi-prefix.js';

export async function registerFrontendApi(
  app: FastifyInstance,
  options: FrontendApiOptions,
): Promise<void> {
  app.decorateRequest('fapi', null);
  await app.register(async (fapi) => registerFapiScope(fapi, options), { prefix: FAPI_PREFIX });
  await app.register(async (fapi) => registerFapiScope(fapi, options), {
    prefix: `${FAPI_PREFIX}/:instance_id`,
  });
}

function fapiOf(request: FastifyRequest): { ctx: FapiContext; query: FormFields } {
  if (!request.fapi) throw new Error('The FAPI context was not resolved.');
  return request.fapi;
}

function registerFapiScope(fapi: FastifyInstance, options: FrontendApiOptions): void {
  registerFormBodyParser(fapi);
  fapi.addHook('onRequest', async (request, reply) => {
    const query = queryFields(request.url);
    if (request.is404) {
      // No route: answered 404 by the handler below, with CORS headers when the instance and
      // the origin can be told (else a page sees a CORS failure, not the 404).
      const ctx = await resolveFapiContext(options, request, query).catch(() => undefined);
      if (ctx?.origin !== undefined && (await isAllowedOrigin(ctx.scope, ctx.origin))) {
        setCorsHeaders(reply, ctx.origin);
      }
      return;
    }
    const ctx = await resolveFapiContext(options, request, query);
    request.fapi = { ctx, query };
    if (ctx.origin !== undefined) {
      if (!(await isAllowedOrigin(ctx.scope, ctx.origin))) {
        throw apiErrors.originNotAllowed(ctx.origin.slice(0, 200));
      }
      setCorsHeaders(reply, ctx.origin);
    }
  });
  fapi.options('/*', async (request, reply) => {
    const requested = request.headers['access-control-request-headers'];
    setPreflightHeaders(reply, typeof requested === 'string' ? requested : undefined);
    return reply.code(204).send();
  });
  const byPath = new Map<string, FapiRoute[]>();
  for (const module of options.modules) {
    for (const route of module.routes) {
      const path = `/v1${route.path}`;
      byPath.set(path, [...(byPath.get(path) ?? []), route]);
    }
  }
  for (const [path, routes] of byPath) registerPath(fapi, path, routes);
  fapi.setNotFoundHandler((request) => {
    throw apiErrors.routeNotFound(request.method, request.url.split('?')[0]!.slice(0, 200));
  });
}

/**
 * One path's routes: each under its own method, and every non-GET one also as `POST` with
 * `?_method=<method>` (a POST without `_method` is the POST route).
 */
function registerPath(fapi: FastifyInstance, path: string, routes: readonly FapiRoute[]): void {
  const byMethod = new Map<FapiMethod, FapiRoute>(routes.map((r) => [r.method, r]));
  const run = (route: FapiRoute) => (request: FastifyRequest, reply: FastifyReply) =>
    runRoute(route, request, reply);
  for (const route of routes) {
    if (route.method !== 'POST')
      fapi.route({ method: route.method, url: path, handler: run(route) });
  }
  if (routes.some((r) => r.method !== 'GET')) {
    fapi.post(path, async (request, reply) => {
      const override = fapiOf(request).query._method;
      const method = (
        typeof override === 'string' && override !== '' ? override : 'POST'
      ).toUpperCase() as FapiMethod;
      const route = method === 'GET' ? undefined : byMethod.get(method);
      if (!route) throw apiErrors.routeNotFound(method, path);
      return runRoute(route, request, reply);
    });
  }
}

async function runRoute(
  route: FapiRoute,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const { ctx, query } = fapiOf(request);
  if (ctx.environment === 'development' && !route.withoutDevBrowser && !ctx.client) {
    throw apiErrors.devBrowserUnauthenticated();
  }
  const { instance_id: _instance, ...params } = request.params as Record<string, string>;
  const body = bodyFields(request.headers['content-type'], request.body);
  const result = await route.handler({ ctx, params, query, body });
  return sendFapiResult(ctx, reply, result);
}

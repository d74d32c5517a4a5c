import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.js';
import { toClerkApiError } from '../../errors/error-handler.js';
import type { Clock } from '../../platform/clock.js';
import type { Scope, ScopeInstance } from '../../platform/scope.js';
import { findSvixApp, resolvePortalSession } from '../svix-app-service.js';
import { SvixApiError, svixErrors } from './svix-api-errors.js';
import type { AppScope } from './svix-endpoint-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's instance and its app, for the Svix-compatible API. */
    svix: { scope: Scope; appId: string | undefined };
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** What the API needs from the server: the same as `/v1`'s secret-key hook (app.ts `auth`). */
export interface SvixApiOptions {
  database: Database;
  resolveInstance: (secretKey: string) => Promise<ScopeInstance | undefined>;
  secrets: Scope['secrets'];
  clock: Clock;
  files: Scope['files'];
  transport: Scope['transport'];
  /** The base URL of the URLs in answers, read per request. */
  baseUrl: () => string;
}

/**
 * `Authorization: Bearer <token>`: the instance's secret key (as `/v1`), or a portal session
 * token opened by a one-time link (which reaches its own app only). Registered in the
 * `/svix` scope only.
 */
export function registerSvixAuth(app: FastifyInstance, auth: SvixApiOptions): void {
  app.decorateRequest('svix', null as unknown as FastifyRequest['svix']);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw svixErrors.unauthorized('Send Authorization: Bearer <token>.');
    let instance: ScopeInstance | undefined;
    let appId: string | undefined;
    const session = await resolvePortalSession(auth.database.db, auth.clock.now(), token);
    if (session) {
      instance = session.instance;
      appId = session.appId;
    } else {
      instance = await auth.resolveInstance(token);
      if (instance) appId = (await findSvixApp(auth.database.db, instance.id))?.id;
    }
    if (!instance)
      throw svixErrors.unauthorized('Invalid token: no secret key or live portal session.');
    request.svix = {
      appId,
      scope: {
        db: auth.database.db,
        dialect: auth.database.adapter,
        secrets: auth.secrets,
        clock: auth.clock,
        instanceId: instance.id,
        instance,
        request: { clientIp: request.ip, userAgent: request.headers['user-agent'] ?? '' },
        files: auth.files,
        baseUrl: auth.baseUrl(),
        transport: auth.transport,
      },
    };
  });
}

/** The caller's app when `{app_id}` names it; any other ID is not found (never another's). */
export function appScopeOf(request: FastifyRequest): AppScope {
  const { app_id: appId } = request.params as { app_id: string };
  const { scope, appId: own } = request.svix;
  if (!own || appId !== own) throw svixErrors.notFound('Application');
  return { scope, appId: own };
}

/**
 * Failures answer in Svix's shapes: its own errors as they are; the platform's (a body that
 * is not JSON, too large, not JSON content) as `{code, detail}` with their status; anything
 * else a 500 whose details go to the log only.
 */
export function handleSvixError(error: Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SvixApiError) {
    return reply.code(error.status).type('application/json').send(error.body);
  }
  const { error: clerk, unexpected } = toClerkApiError(error, request);
  if (unexpected) request.log.error({ err: error, trace_id: request.id }, 'unexpected error');
  const first = clerk.errors[0];
  if (clerk.status === 422) {
    const detail = clerk.errors.map((e) => ({
      loc: ['body', String(e.meta?.param_name ?? '__root__')],
      msg: e.longMessage,
      type: 'value_error',
    }));
    return reply.code(422).type('application/json').send({ detail });
  }
  return reply
    .code(clerk.status)
    .type('application/json')
    .send({ code: first?.code ?? 'error', detail: first?.longMessage ?? 'Request failed.' });
}

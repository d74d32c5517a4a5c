import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebhookAppRow } from '../svix-app-store.js';
import { findSvixApp } from '../svix-app-service.js';
import {
  appScopeOf,
  handleSvixError,
  registerSvixAuth,
  type SvixApiOptions,
} from './svix-api-auth.js';
import { svixErrors } from './svix-api-errors.js';
import {
  changeAppEndpoint,
  createAppEndpoint,
  deleteAppEndpoint,
  getAppEndpoint,
  getAppEndpointSecret,
  listAppEndpoints,
  rotateAppEndpointSecret,
} from './svix-endpoint-service.js';
import { SVIX_EVENT_TYPES } from './svix-event-types.js';
import {
  getAppMessage,
  listAppMessages,
  listEndpointAttempts,
  listEndpointMessages,
  listMessageAttempts,
  resendMessage,
} from './svix-message-service.js';
import { pageOf, toListResponse, type ListQuery } from './svix-pagination.js';

type Params = Record<string, string>;
const params = (request: FastifyRequest) => request.params as Params;
const query = (request: FastifyRequest) => request.query as ListQuery;

/** Svix's `ApplicationOut` for the instance's app (named after the instance). */
function appOut(row: WebhookAppRow) {
  const createdAt = new Date(Number(row.created_at)).toISOString();
  return {
    id: row.id,
    name: row.instance_id,
    uid: null,
    rateLimit: null,
    throttleRate: null,
    metadata: {},
    createdAt,
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

// Castellan has emitted these since it has existed; one fixed date keeps answers stable.
const EVENT_TYPES_SINCE = '2026-12-07T00:00:00.000Z';

/**
 * The Svix-compatible JSON API under `/svix/api/v1` (docs/svix-api.md): enough of Svix's
 * application, endpoint, message, attempt and event-type operations that the `svix` npm
 * client, pointed at `<castellan>/svix`, manages the instance's endpoints. Its own auth
 * (secret key or portal session), its own error shapes.
 */
export async function registerSvixApi(app: FastifyInstance, auth: SvixApiOptions) {
  registerSvixAuth(app, auth);
  app.setErrorHandler(handleSvixError);
  app.setNotFoundHandler(() => {
    throw svixErrors.notFound('Route');
  });

  app.get('/api/v1/app', async (request) => {
    const { scope } = request.svix;
    pageOf(query(request));
    const row = await findSvixApp(scope.db, scope.instanceId);
    const data = row ? [appOut(row)] : [];
    return { data, iterator: null, prevIterator: null, done: true };
  });
  app.get('/api/v1/app/:app_id', async (request) => {
    const { scope } = appScopeOf(request);
    const row = await findSvixApp(scope.db, scope.instanceId);
    if (!row) throw svixErrors.notFound('Application');
    return appOut(row);
  });
  app.get('/api/v1/event-type', async (request) => {
    const page = pageOf(query(request));
    const names = [...SVIX_EVENT_TYPES].sort();
    if (page.order === 'descending') names.reverse();
    const after = page.after ? names.indexOf(page.after) + 1 : 0;
    return toListResponse(
      names.slice(after, after + page.limit + 1),
      page,
      (name) => name,
      (name) => ({
        name,
        description: `Clerk's ${name} event`,
        archived: false,
        deprecated: false,
        schemas: null,
        featureFlag: null,
        featureFlags: null,
        groupName: name.split('.')[0],
        createdAt: EVENT_TYPES_SINCE,
        updatedAt: EVENT_TYPES_SINCE,
      }),
    );
  });

  const endpoint = '/api/v1/app/:app_id/endpoint/:endpoint_id';
  app.get('/api/v1/app/:app_id/endpoint', (request) =>
    listAppEndpoints(appScopeOf(request), query(request)),
  );
  app.post('/api/v1/app/:app_id/endpoint', async (request, reply) => {
    const out = await createAppEndpoint(appScopeOf(request), request.body);
    return reply.code(201).send(out);
  });
  app.get(endpoint, (request) => getAppEndpoint(appScopeOf(request), params(request).endpoint_id!));
  app.put(endpoint, (request) =>
    changeAppEndpoint(appScopeOf(request), params(request).endpoint_id!, request.body, 'put'),
  );
  app.patch(endpoint, (request) =>
    changeAppEndpoint(appScopeOf(request), params(request).endpoint_id!, request.body, 'patch'),
  );
  app.delete(endpoint, async (request, reply) => {
    await deleteAppEndpoint(appScopeOf(request), params(request).endpoint_id!);
    return reply.code(204).send();
  });
  app.get(`${endpoint}/secret`, (request) =>
    getAppEndpointSecret(appScopeOf(request), params(request).endpoint_id!),
  );
  app.post(`${endpoint}/secret/rotate`, async (request, reply) => {
    await rotateAppEndpointSecret(appScopeOf(request), params(request).endpoint_id!, request.body);
    return reply.code(204).send();
  });
  app.get(`${endpoint}/msg`, (request) =>
    listEndpointMessages(appScopeOf(request), params(request).endpoint_id!, query(request)),
  );

  app.get('/api/v1/app/:app_id/msg', (request) =>
    listAppMessages(appScopeOf(request), query(request)),
  );
  app.get('/api/v1/app/:app_id/msg/:msg_id', (request) =>
    getAppMessage(appScopeOf(request), params(request).msg_id!),
  );
  app.get('/api/v1/app/:app_id/attempt/endpoint/:endpoint_id', (request) =>
    listEndpointAttempts(appScopeOf(request), params(request).endpoint_id!, query(request)),
  );
  app.get('/api/v1/app/:app_id/attempt/msg/:msg_id', (request) =>
    listMessageAttempts(appScopeOf(request), params(request).msg_id!, query(request)),
  );
  app.post(
    '/api/v1/app/:app_id/msg/:msg_id/endpoint/:endpoint_id/resend',
    async (request, reply) => {
      const { msg_id: msgId, endpoint_id: endpointId } = params(request);
      await resendMessage(appScopeOf(request), msgId!, endpointId!);
      // Svix answers 202 with an empty object (the client parses `EmptyResponse`).
      return reply.code(202).send({});
    },
  );
}

import { apiErrors } from '../errors/api-errors.js';
import { createTemplateToken } from '../jwt-templates/template-token-service.js';
import { runWrite } from '../platform/write.js';
import {
  endClientSession,
  endClientSessions,
  findClientSession,
  touchClientSession,
} from '../sessions/session-browser.js';
import { assertSessionActive, sessionTokenSubject } from '../sessions/session-service.js';
import { createBrowserSessionToken } from '../sessions/session-token-service.js';
import { browserSessionOf, serializeClient } from './client-serializer.js';
import { bare, defineFapiModule, withClient, type FapiContext } from './fapi-context.js';
import { formString } from './form-fields.js';

/** The browser's client id; a browser without a client has no sessions (404). */
function clientIdOf(ctx: FapiContext, sessionId: string): string {
  if (!ctx.client) throw apiErrors.notFound('session', sessionId);
  return ctx.client.id;
}

/**
 * An organization field: absent is `undefined` (keep), empty (clerk-js's `null`) is `null`
 * (the personal account), else the organization's id.
 */
function organizationField(value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value.trim() === '' ? null : value.trim();
}

/**
 * The browser's sessions: touch (`setActive`, page focus), tokens (the `__session` refresh,
 * optionally for another organization, or from a JWT template), end, remove, and sign out of
 * all. A session of another client is a 404; one that is no longer active (revoked through
 * the Backend API, expired, ended) a 401 `signed_out` on tokens and touch, after which
 * clerk-js reads `GET /v1/client`, where it is gone.
 */
export const sessionModule = defineFapiModule({
  routes: [
    {
      method: 'POST',
      path: '/client/sessions/:session_id/touch',
      handler: async ({ ctx, params, body }) => {
        const row = await touchClientSession(
          ctx.scope,
          clientIdOf(ctx, params.session_id!),
          params.session_id!,
          { activeOrganizationId: organizationField(formString(body, 'active_organization_id')) },
        );
        return withClient(await browserSessionOf(ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sessions/:session_id/tokens',
      handler: async ({ ctx, params, body }) => {
        const row = await findClientSession(
          ctx.scope,
          clientIdOf(ctx, params.session_id!),
          params.session_id!,
        );
        const token = await createBrowserSessionToken(ctx.scope, row, {
          azp: ctx.origin,
          organizationId: organizationField(formString(body, 'organization_id')),
        });
        return bare(token);
      },
    },
    {
      method: 'POST',
      path: '/client/sessions/:session_id/tokens/:template_name',
      handler: async ({ ctx, params }) => {
        const row = await findClientSession(
          ctx.scope,
          clientIdOf(ctx, params.session_id!),
          params.session_id!,
        );
        assertSessionActive(row, ctx.scope.clock.now());
        const subject = await sessionTokenSubject(ctx.scope, row.id);
        const token = await createTemplateToken(
          ctx.scope,
          params.template_name!,
          { ...subject, azp: ctx.origin },
          {},
        );
        return bare(token);
      },
    },
    {
      method: 'POST',
      path: '/client/sessions/:session_id/end',
      handler: async ({ ctx, params }) => {
        const row = await endClientSession(
          ctx.scope,
          clientIdOf(ctx, params.session_id!),
          params.session_id!,
          'ended',
        );
        return withClient(await browserSessionOf(ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sessions/:session_id/remove',
      handler: async ({ ctx, params }) => {
        const row = await endClientSession(
          ctx.scope,
          clientIdOf(ctx, params.session_id!),
          params.session_id!,
          'removed',
        );
        return withClient(await browserSessionOf(ctx, row));
      },
    },
    {
      method: 'DELETE',
      path: '/client/sessions',
      handler: async ({ ctx }) => {
        const client = ctx.client;
        if (client) {
          await runWrite(ctx.scope, (tx) => endClientSessions(ctx.scope, tx, client.id));
        }
        return withClient(await serializeClient(ctx));
      },
    },
  ],
});

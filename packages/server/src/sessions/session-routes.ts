import { createTemplateToken } from '../jwt-templates/template-token-service.js';
import { defineRoutes } from '../platform/routes.js';
import {
  createSession,
  getSession,
  listSessions,
  revokeSession,
  sessionTokenSubject,
} from './session-service.js';
import { createSessionToken, refreshSession, verifySession } from './session-token-service.js';

/** Sessions and their tokens; a template's token is rendered by the JWT templates' service. */
export const sessionRoutes = defineRoutes({
  GetSessionList: ({ scope, query }) => listSessions(scope, query),
  createSession: ({ scope, body }) => createSession(scope, body),
  GetSession: ({ scope, params }) => getSession(scope, params.session_id),
  RefreshSession: ({ scope, params, body }) => refreshSession(scope, params.session_id, body),
  RevokeSession: ({ scope, params }) => revokeSession(scope, params.session_id),
  VerifySession: ({ scope, params, body }) => verifySession(scope, params.session_id, body),
  CreateSessionToken: ({ scope, params, body }) =>
    createSessionToken(scope, params.session_id, body),
  CreateSessionTokenFromTemplate: async ({ scope, params, body }) =>
    createTemplateToken(
      scope,
      params.template_name,
      await sessionTokenSubject(scope, params.session_id),
      { expiresInSeconds: body?.expires_in_seconds },
    ),
});

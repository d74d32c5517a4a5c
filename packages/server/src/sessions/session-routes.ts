import { defineRoutes } from '../platform/routes.js';
import { createSession, getSession, listSessions, revokeSession } from './session-service.js';
import { createSessionToken, refreshSession, verifySession } from './session-token-service.js';

/** Sessions and their tokens (`CreateSessionTokenFromTemplate` is wired to the JWT templates). */
export const sessionRoutes = defineRoutes({
  GetSessionList: ({ scope, query }) => listSessions(scope, query),
  createSession: ({ scope, body }) => createSession(scope, body),
  GetSession: ({ scope, params }) => getSession(scope, params.session_id),
  RefreshSession: ({ scope, params, body }) => refreshSession(scope, params.session_id, body),
  RevokeSession: ({ scope, params }) => revokeSession(scope, params.session_id),
  VerifySession: ({ scope, params, body }) => verifySession(scope, params.session_id, body),
  CreateSessionToken: ({ scope, params, body }) =>
    createSessionToken(scope, params.session_id, body),
});

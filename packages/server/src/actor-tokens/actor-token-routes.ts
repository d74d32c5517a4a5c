import { defineRoutes } from '../platform/routes.js';
import { createActorToken, revokeActorToken } from './actor-token-service.js';

/** Actor tokens: tickets that let someone sign in as a user (impersonation). */
export const actorTokenRoutes = defineRoutes({
  CreateActorToken: ({ scope, body }) => createActorToken(scope, body),
  RevokeActorToken: ({ scope, params }) => revokeActorToken(scope, params.actor_token_id),
});

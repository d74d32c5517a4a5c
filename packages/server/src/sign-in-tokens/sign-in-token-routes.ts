import { defineRoutes } from '../platform/routes.js';
import { createSignInToken, revokeSignInToken } from './sign-in-token-service.js';

/** Sign-in tokens: tickets that sign a user in once, from a link. */
export const signInTokenRoutes = defineRoutes({
  CreateSignInToken: ({ scope, body }) => createSignInToken(scope, body),
  RevokeSignInToken: ({ scope, params }) => revokeSignInToken(scope, params.sign_in_token_id),
});

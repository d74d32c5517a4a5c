import { defineRoutes } from '../platform/routes.js';
import { getSignUp, updateSignUp } from './sign-up-service.js';

/** Sign-ups: made by the browser through the Frontend API; read and annotated here. */
export const signUpRoutes = defineRoutes({
  GetSignUp: ({ scope, params }) => getSignUp(scope, params.id),
  UpdateSignUp: ({ scope, params, body }) => updateSignUp(scope, params.id, body),
});

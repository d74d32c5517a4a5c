import {
  defineFapiModule,
  requireFormString,
  withClient,
  type FapiRequest,
} from '../fapi-context.js';
import {
  createFapiSignUp,
  findOwnSignUp,
  readClientSignUp,
  renderSignUp,
  updateFapiSignUp,
} from './fapi-sign-up-service.js';
import { attemptSignUpVerification, prepareSignUpVerification } from './sign-up-codes.js';

const own = (req: FapiRequest) => findOwnSignUp(req.ctx, req.params.sign_up_id ?? '');

/**
 * The Frontend API's sign-ups (`/v1/client/sign_ups…`): every reply is the sign-up in the
 * `{response, client}` envelope; the one that completes it carries the new session.
 */
export const signUpModule = defineFapiModule({
  clientAttempts: { signUp: readClientSignUp },
  routes: [
    {
      method: 'POST',
      path: '/client/sign_ups',
      handler: async ({ ctx, body }) =>
        withClient(renderSignUp(ctx, await createFapiSignUp(ctx, body))),
    },
    {
      method: 'GET',
      path: '/client/sign_ups/:sign_up_id',
      handler: async (req) => withClient(renderSignUp(req.ctx, await own(req))),
    },
    {
      method: 'PATCH',
      path: '/client/sign_ups/:sign_up_id',
      handler: async (req) => {
        const row = await updateFapiSignUp(req.ctx, req.params.sign_up_id ?? '', req.body);
        return withClient(renderSignUp(req.ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ups/:sign_up_id/prepare_verification',
      handler: async (req) => {
        const strategy = requireFormString(req.body, 'strategy');
        const row = await prepareSignUpVerification(req.ctx, await own(req), strategy);
        return withClient(renderSignUp(req.ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ups/:sign_up_id/attempt_verification',
      handler: async (req) => {
        const row = await attemptSignUpVerification(req.ctx, await own(req), {
          strategy: requireFormString(req.body, 'strategy'),
          code: requireFormString(req.body, 'code'),
        });
        return withClient(renderSignUp(req.ctx, row));
      },
    },
  ],
});

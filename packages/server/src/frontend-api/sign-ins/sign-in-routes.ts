import {
  defineFapiModule,
  formBoolean,
  formString,
  optionalFormString,
  requireFormString,
  withClient,
  type FapiRequest,
} from '../fapi-context.js';
import { createSignIn } from './sign-in-create.js';
import { attemptFirstFactor, prepareFirstFactor } from './sign-in-first-factor.js';
import {
  attemptSecondFactor,
  prepareSecondFactor,
  resetSignInPassword,
} from './sign-in-second-factor.js';
import { findOwnSignIn, getSignIn, readClientSignIn, renderSignIn } from './sign-in-service.js';

/** The sign-in `:sign_in_id` of the request's client (404 for another client's). */
const own = (req: FapiRequest) => findOwnSignIn(req.ctx, req.params.sign_in_id ?? '');

/**
 * The Frontend API's sign-ins (`/v1/client/sign_ins…`): every reply is the sign-in in the
 * `{response, client}` envelope, the client piggybacked with any session the step started.
 */
export const signInModule = defineFapiModule({
  clientAttempts: { signIn: readClientSignIn },
  routes: [
    {
      method: 'POST',
      path: '/client/sign_ins',
      handler: async ({ ctx, body }) => {
        const row = await createSignIn(ctx, {
          strategy: optionalFormString(body, 'strategy'),
          identifier: optionalFormString(body, 'identifier'),
          password: formString(body, 'password') || undefined,
          ticket: optionalFormString(body, 'ticket'),
        });
        return withClient(await renderSignIn(ctx, row));
      },
    },
    {
      method: 'GET',
      path: '/client/sign_ins/:sign_in_id',
      handler: async (req) => withClient(await getSignIn(req.ctx, req.params.sign_in_id ?? '')),
    },
    {
      method: 'POST',
      path: '/client/sign_ins/:sign_in_id/prepare_first_factor',
      handler: async (req) => {
        const { ctx, body } = req;
        const row = await prepareFirstFactor(
          ctx,
          await own(req),
          requireFormString(body, 'strategy'),
          {
            emailAddressId: optionalFormString(body, 'email_address_id'),
            phoneNumberId: optionalFormString(body, 'phone_number_id'),
          },
        );
        return withClient(await renderSignIn(ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ins/:sign_in_id/attempt_first_factor',
      handler: async (req) => {
        const { ctx, body } = req;
        const row = await attemptFirstFactor(ctx, await own(req), {
          strategy: requireFormString(body, 'strategy'),
          password: formString(body, 'password') || undefined,
          code: optionalFormString(body, 'code'),
        });
        return withClient(await renderSignIn(ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ins/:sign_in_id/prepare_second_factor',
      handler: async (req) => {
        const row = await prepareSecondFactor(
          req.ctx,
          await own(req),
          optionalFormString(req.body, 'strategy'),
        );
        return withClient(await renderSignIn(req.ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ins/:sign_in_id/attempt_second_factor',
      handler: async (req) => {
        const { ctx, body } = req;
        const row = await attemptSecondFactor(ctx, await own(req), {
          strategy: requireFormString(body, 'strategy'),
          code: optionalFormString(body, 'code'),
        });
        return withClient(await renderSignIn(ctx, row));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ins/:sign_in_id/reset_password',
      handler: async (req) => {
        const { ctx, body } = req;
        const row = await resetSignInPassword(ctx, await own(req), {
          password: formString(body, 'password') || undefined,
          signOutOfOtherSessions: formBoolean(body, 'sign_out_of_other_sessions') === true,
        });
        return withClient(await renderSignIn(ctx, row));
      },
    },
  ],
});

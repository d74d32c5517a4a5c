import { apiErrors } from '../../errors/api-errors.js';
import { verifyUserPassword } from '../../users/user-password-ops.js';
import type { FapiContext } from '../fapi-context.js';
import type { SignInRow } from './flow-tables.js';
import { userOfSignIn } from './sign-in-completion.js';
import {
  CODE_STRATEGIES,
  isCodeStrategy,
  passwordVerified,
  prepareFirstFactor,
} from './sign-in-first-factor.js';
import { identify, openSignIn } from './sign-in-service.js';
import { signInWithTicket } from './sign-in-ticket.js';

export interface NewSignIn {
  strategy: string | undefined;
  identifier: string | undefined;
  password: string | undefined;
  ticket: string | undefined;
}

const CREATE_STRATEGIES = ['password', 'ticket', ...CODE_STRATEGIES];

/**
 * `POST /v1/client/sign_ins`: a new sign-in on the client, taken as far as the request
 * lets it go. Without an identifier it waits for one; with one, the user it names is found
 * (`form_identifier_not_found` otherwise) and the sign-in needs a first factor; with a
 * password too, the password is verified at once and the sign-in goes on to the second
 * factor or completes; with a code strategy, the code is sent; `ticket` redeems a sign-in
 * token (sign-in-ticket.ts). A wrong password answers
 * `form_password_incorrect` and leaves no sign-in behind.
 */
export async function createSignIn(ctx: FapiContext, input: NewSignIn): Promise<SignInRow> {
  const strategy = input.strategy ?? (input.password !== undefined ? 'password' : undefined);
  if (strategy !== undefined && !CREATE_STRATEGIES.includes(strategy)) {
    throw apiErrors.strategyUnsupported(strategy, CREATE_STRATEGIES.join(', '));
  }
  if (strategy === 'ticket') {
    if (input.ticket === undefined) throw apiErrors.paramMissing('ticket');
    return signInWithTicket(ctx, input.ticket);
  }
  if (input.identifier === undefined) {
    if (strategy !== undefined) throw apiErrors.paramMissing('identifier');
    return openSignIn(ctx, null);
  }
  if (strategy === 'password' && !input.password) throw apiErrors.paramMissing('password');
  const holder = await identify(ctx, input.identifier);
  if (strategy === 'password') {
    await verifyUserPassword(ctx.scope, holder.userId, input.password!);
  }
  const row = await openSignIn(ctx, { identifier: input.identifier, userId: holder.userId });
  if (strategy === 'password') {
    return passwordVerified(ctx, row, await userOfSignIn(ctx, row));
  }
  if (strategy !== undefined && isCodeStrategy(strategy)) {
    return prepareFirstFactor(ctx, row, strategy, {});
  }
  return row;
}

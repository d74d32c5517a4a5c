import { apiErrors } from '../../errors/api-errors.js';
import { updateUser } from '../../users/user-service.js';
import { verifyUserTotp } from '../../users/user-totp-verify.js';
import type { FapiContext } from '../fapi-context.js';
import type { SignInRow } from './flow-tables.js';
import { advanceInWrite, userOfSignIn } from './sign-in-completion.js';
import { secondFactorsOf } from './sign-in-factors.js';

const SECOND_FACTOR_STRATEGIES = ['totp', 'backup_code'] as const;

function assertStatus(row: SignInRow, status: string, action: string): void {
  if (row.status !== status) throw apiErrors.signInStatusInvalid(row.status, action);
}

/**
 * `…/prepare_second_factor`. TOTP and backup codes need no preparing (clerk-js does not
 * call it for them); the SMS and email second factors are not served, so any strategy the
 * account cannot use is `strategy_for_user_invalid`.
 */
export async function prepareSecondFactor(
  ctx: FapiContext,
  row: SignInRow,
  strategy: string | undefined,
): Promise<SignInRow> {
  assertStatus(row, 'needs_second_factor', 'prepare a second factor');
  const user = await userOfSignIn(ctx, row);
  const usable = secondFactorsOf(user).map((f) => f.strategy);
  if (strategy === undefined || !usable.includes(strategy)) {
    throw apiErrors.strategyNotAllowed(strategy ?? '(none)');
  }
  return row;
}

/**
 * `…/attempt_second_factor` with `totp` or `backup_code`: the Users issue's TOTP check (a
 * step used once, ±1 step; a backup code is used up; a locked user refused; a wrong code
 * counted against the lockout). The right code completes the sign-in with a session.
 */
export async function attemptSecondFactor(
  ctx: FapiContext,
  row: SignInRow,
  input: { strategy: string; code: string | undefined },
): Promise<SignInRow> {
  assertStatus(row, 'needs_second_factor', 'verify a second factor');
  if (!(SECOND_FACTOR_STRATEGIES as readonly string[]).includes(input.strategy)) {
    throw apiErrors.strategyUnsupported(input.strategy, SECOND_FACTOR_STRATEGIES.join(', '));
  }
  if (!input.code) throw apiErrors.paramMissing('code');
  const user = await userOfSignIn(ctx, row);
  if (!secondFactorsOf(user).some((f) => f.strategy === input.strategy)) {
    throw apiErrors.strategyNotAllowed(input.strategy);
  }
  const verified = await verifyUserTotp(ctx.scope, user.id, input.code.trim());
  const verification = {
    status: 'verified',
    strategy: verified.code_type,
    attempts: 1,
    expire_at: null,
  } as const;
  return advanceInWrite(
    ctx,
    row,
    user,
    { factor: 'second', verification },
    'needs_second_factor',
    'verify a second factor',
  );
}

/**
 * `…/reset_password` after a reset code: the new password goes through the Users issue's
 * password change (the instance's policy, `sign_out_of_other_sessions` revoking the user's
 * sessions), then the sign-in goes on to the second factor or completes with a session.
 */
export async function resetSignInPassword(
  ctx: FapiContext,
  row: SignInRow,
  input: { password: string | undefined; signOutOfOtherSessions: boolean },
): Promise<SignInRow> {
  assertStatus(row, 'needs_new_password', 'reset the password');
  if (!input.password) throw apiErrors.paramMissing('password');
  const before = await userOfSignIn(ctx, row);
  const user = await updateUser(ctx.scope, before.id, {
    password: input.password,
    ...(input.signOutOfOtherSessions ? { sign_out_of_other_sessions: true } : {}),
  });
  return advanceInWrite(
    ctx,
    row,
    user,
    { factor: 'new_password' },
    'needs_new_password',
    'reset the password',
  );
}

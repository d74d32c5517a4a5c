import { apiErrors } from '../../errors/api-errors.js';
import { deliverMessages } from '../../messages/message-service.js';
import { runWrite } from '../../platform/write.js';
import { assertUserMayVerify, recordCodeOutcome } from '../../users/user-lookup.js';
import type { User } from '../../users/user-mapper.js';
import { verifyUserPassword } from '../../users/user-password-ops.js';
import type { FapiContext } from '../fapi-context.js';
import { attemptCode, chooseCode, issueCode, type CodeTarget } from './flow-codes.js';
import type { SignInRow } from './flow-tables.js';
import { advanceInWrite, advanceSignIn, lockSignInAt, userOfSignIn } from './sign-in-completion.js';
import { verificationOf } from './sign-in-mapper.js';
import { updateSignInRow } from './sign-in-store.js';

/** The code strategies of a first factor, and where each sends its code. */
export const CODE_STRATEGIES = [
  'email_code',
  'phone_code',
  'reset_password_email_code',
  'reset_password_phone_code',
] as const;
export type CodeStrategy = (typeof CODE_STRATEGIES)[number];

export function isCodeStrategy(strategy: string): strategy is CodeStrategy {
  return (CODE_STRATEGIES as readonly string[]).includes(strategy);
}

/** The strategies whose code lets the user set a new password (`needs_new_password`). */
function isResetStrategy(strategy: string): boolean {
  return strategy.startsWith('reset_password_');
}

/**
 * Where a code strategy sends its code for `user`: the email address or phone number the
 * request names (`email_address_id`, `phone_number_id`), which must be one of the user's
 * verified ones, else the one the identifier matched, else the primary one.
 */
export function codeTargetOf(
  user: User,
  strategy: CodeStrategy,
  requested: string | undefined,
  identifier: string | null,
): CodeTarget {
  const typed = identifier?.trim().toLowerCase();
  if (isResetStrategy(strategy) && !user.password_enabled) {
    throw apiErrors.strategyNotAllowed(strategy);
  }
  const slug = isResetStrategy(strategy) ? 'reset_password_code' : 'verification_code';
  if (strategy === 'phone_code' || strategy === 'reset_password_phone_code') {
    const phones = user.phone_numbers.filter((p) => p.verification?.status === 'verified');
    const phone = requested
      ? phones.find((p) => p.id === requested)
      : (phones.find((p) => p.phone_number === identifier?.trim()) ??
        phones.find((p) => p.id === user.primary_phone_number_id) ??
        phones[0]);
    if (requested && !phone) throw apiErrors.paramValueInvalid('phone_number_id', 'is invalid');
    if (!phone) throw apiErrors.strategyNotAllowed(strategy);
    return {
      channel: 'sms',
      to: phone.phone_number,
      slug,
      userId: user.id,
      identificationId: phone.id ?? null,
    };
  }
  const emails = user.email_addresses.filter((e) => e.verification?.status === 'verified');
  const email = requested
    ? emails.find((e) => e.id === requested)
    : (emails.find((e) => e.email_address.toLowerCase() === typed) ??
      emails.find((e) => e.id === user.primary_email_address_id) ??
      emails[0]);
  if (requested && !email) throw apiErrors.paramValueInvalid('email_address_id', 'is invalid');
  if (!email) throw apiErrors.strategyNotAllowed(strategy);
  return {
    channel: 'email',
    to: email.email_address,
    slug,
    userId: user.id,
    identificationId: email.id ?? null,
  };
}

/**
 * `…/prepare_first_factor` (and a create with a code strategy): sends a code to the user's
 * address and shows its verification, unverified, as the sign-in's first factor.
 */
export async function prepareFirstFactor(
  ctx: FapiContext,
  row: SignInRow,
  strategy: string,
  requested: { emailAddressId?: string | undefined; phoneNumberId?: string | undefined },
): Promise<SignInRow> {
  if (!isCodeStrategy(strategy)) {
    throw apiErrors.strategyUnsupported(strategy, CODE_STRATEGIES.join(', '));
  }
  const user = await userOfSignIn(ctx, row);
  // A locked user gets no code: it could not be used.
  await assertUserMayVerify(ctx.scope, user.id);
  const target = codeTargetOf(
    user,
    strategy,
    strategy.includes('phone') ? requested.phoneNumberId : requested.emailAddressId,
    row.identifier,
  );
  const chosen = await chooseCode(ctx.scope, target);
  const { next, outgoing } = await runWrite(ctx.scope, async (tx) => {
    const locked = await lockSignInAt(tx, row.id, 'needs_first_factor', 'prepare a first factor');
    const issued = await issueCode(
      tx,
      { flowId: row.id, purpose: 'first_factor', strategy },
      target,
      chosen,
    );
    const patch = {
      first_factor_verification: JSON.stringify(issued.verification),
      updated_at: tx.now,
    };
    await updateSignInRow(tx.db, tx.instanceId, row.id, patch);
    return { next: { ...locked, ...patch } as SignInRow, outgoing: issued.outgoing };
  });
  await deliverMessages(ctx.scope, outgoing);
  return next;
}

/** A sign-in whose password was just verified: its first factor done, it moves on. */
export function passwordVerified(ctx: FapiContext, row: SignInRow, user: User): Promise<SignInRow> {
  const verification = {
    status: 'verified',
    strategy: 'password',
    attempts: null,
    expire_at: null,
  } as const;
  return advanceInWrite(
    ctx,
    row,
    user,
    { factor: 'first', verification },
    'needs_first_factor',
    'verify a first factor',
  );
}

/**
 * `…/attempt_first_factor`: a password (the Users issue's verify-password path: lockout,
 * counted attempts) or the code the prepared strategy sent. A locked user is refused before
 * anything is checked; a wrong code counts against the verification (three fail it) and
 * against the user's lockout, and both counts commit although the request fails.
 */
export async function attemptFirstFactor(
  ctx: FapiContext,
  row: SignInRow,
  input: { strategy: string; password?: string | undefined; code?: string | undefined },
): Promise<SignInRow> {
  if (row.status !== 'needs_first_factor') {
    throw apiErrors.signInStatusInvalid(row.status, 'verify a first factor');
  }
  const user = await userOfSignIn(ctx, row);
  if (input.strategy === 'password') {
    if (!input.password) throw apiErrors.paramMissing('password');
    if (!user.password_enabled) throw apiErrors.strategyNotAllowed('password');
    await verifyUserPassword(ctx.scope, user.id, input.password);
    return passwordVerified(ctx, row, user);
  }
  if (!isCodeStrategy(input.strategy)) {
    throw apiErrors.strategyUnsupported(
      input.strategy,
      ['password', ...CODE_STRATEGIES].join(', '),
    );
  }
  if (!input.code) throw apiErrors.paramMissing('code');
  const current = verificationOf(row.first_factor_verification);
  if (!current || current.strategy !== input.strategy) throw apiErrors.verificationNotPrepared();
  const checked = await assertUserMayVerify(ctx.scope, user.id);
  const code = input.code;
  const outcome = await runWrite(ctx.scope, async (tx) => {
    const locked = await lockSignInAt(tx, row.id, 'needs_first_factor', 'verify a first factor');
    const attempt = await attemptCode(
      tx,
      { flowId: row.id, purpose: 'first_factor' },
      verificationOf(locked.first_factor_verification),
      code,
    );
    if (attempt.error) {
      await updateSignInRow(tx.db, tx.instanceId, row.id, {
        first_factor_verification: JSON.stringify(attempt.verification),
        updated_at: tx.now,
      });
      return { error: attempt.error };
    }
    if (isResetStrategy(input.strategy)) {
      const patch = {
        first_factor_verification: JSON.stringify(attempt.verification),
        first_factor_verified_at: tx.now,
        status: 'needs_new_password',
        updated_at: tx.now,
      };
      await updateSignInRow(tx.db, tx.instanceId, row.id, patch);
      return { row: { ...locked, ...patch } as SignInRow };
    }
    const verification = attempt.verification;
    return { row: await advanceSignIn(ctx, tx, locked, user, { factor: 'first', verification }) };
  });
  if ('row' in outcome && outcome.row) {
    await recordCodeOutcome(ctx.scope, checked, true);
    return outcome.row;
  }
  const error = outcome.error!;
  // A wrong code counts against the user like a wrong password (and may lock them); an
  // expired one was no guess.
  if (error.errors[0]?.code === 'verification_expired') throw error;
  throw (await recordCodeOutcome(ctx.scope, checked, false)) ?? error;
}

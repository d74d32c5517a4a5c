import type { Updateable } from 'kysely';
import { runWrite, type WriteTx } from '../../platform/write.js';
import type { User } from '../../users/user-mapper.js';
import { getUser } from '../../users/user-service.js';
import { startClientSession, type FapiContext } from '../fapi-context.js';
import type { SignInRow, SignInsTable } from './flow-tables.js';
import { verificationOf, type FactorVerification } from './sign-in-mapper.js';
import { needsSecondFactor } from './sign-in-factors.js';
import { lockSignInById, updateSignInRow } from './sign-in-store.js';
import { apiErrors } from '../../errors/api-errors.js';

/**
 * Moves a sign-in on in the write `tx` and returns the row as it is after: a verified
 * first factor leads to the second factor when the user has one, else the sign-in is
 * complete and a session starts on the client; a verified second factor completes it.
 */
export async function advanceSignIn(
  ctx: FapiContext,
  tx: WriteTx,
  row: SignInRow,
  user: User,
  step:
    | { factor: 'first'; verification: FactorVerification }
    | { factor: 'second'; verification: FactorVerification }
    | { factor: 'new_password' },
): Promise<SignInRow> {
  const patch: Updateable<SignInsTable> = { updated_at: tx.now };
  if (step.factor === 'first') {
    patch.first_factor_verification = JSON.stringify(step.verification);
    patch.first_factor_verified_at = tx.now;
  }
  if (step.factor === 'second') {
    patch.second_factor_verification = JSON.stringify(step.verification);
  }
  const firstVerifiedAt =
    step.factor === 'first' ? tx.now : Number(row.first_factor_verified_at ?? tx.now);
  if (step.factor !== 'second' && needsSecondFactor(user)) {
    patch.status = 'needs_second_factor';
  } else {
    const strategy =
      step.factor === 'new_password'
        ? (verificationOf(row.first_factor_verification)?.strategy ?? 'reset_password_email_code')
        : step.verification.strategy;
    const { sessionId } = await startClientSession(ctx, tx, {
      userId: user.id,
      strategy,
      firstFactorVerifiedAt: firstVerifiedAt,
      secondFactorVerifiedAt: step.factor === 'second' ? tx.now : null,
    });
    patch.status = 'complete';
    patch.created_session_id = sessionId;
  }
  await updateSignInRow(tx.db, tx.instanceId, row.id, patch);
  return { ...row, ...patch } as SignInRow;
}

/**
 * The sign-in locked for a step of its flow, which must be in `status` (else
 * `sign_in_status_invalid`, saying what it is and what was asked).
 */
export async function lockSignInAt(
  tx: WriteTx,
  id: string,
  status: SignInRow['status'],
  action: string,
): Promise<SignInRow> {
  const row = await lockSignInById(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound('sign_in', id);
  if (row.status !== status) throw apiErrors.signInStatusInvalid(row.status, action);
  return row;
}

/** The sign-in's user, who must still exist (a deleted user's sign-in is not found). */
export async function userOfSignIn(ctx: FapiContext, row: SignInRow): Promise<User> {
  if (!row.user_id) throw apiErrors.signInStatusInvalid(row.status, 'verify a factor');
  return getUser(ctx.scope, row.user_id);
}

/** Completes a step in a write of its own (the password and TOTP paths). */
export async function advanceInWrite(
  ctx: FapiContext,
  row: SignInRow,
  user: User,
  step: Parameters<typeof advanceSignIn>[4],
  expected: SignInRow['status'],
  action: string,
): Promise<SignInRow> {
  return runWrite(ctx.scope, async (tx) => {
    const locked = await lockSignInAt(tx, row.id, expected, action);
    return advanceSignIn(ctx, tx, locked, user, step);
  });
}

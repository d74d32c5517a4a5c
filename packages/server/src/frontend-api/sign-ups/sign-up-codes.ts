import { apiErrors } from '../../errors/api-errors.js';
import { deliverMessages } from '../../messages/message-service.js';
import { runWrite } from '../../platform/write.js';
import { lockSignUpInProgress, type SignUpRow } from '../../sign-ups/sign-up-service.js';
import type { FapiContext } from '../fapi-context.js';
import { attemptCode, chooseCode, issueCode, type CodeTarget } from '../sign-ins/flow-codes.js';
import { completeIfReady } from './sign-up-completion.js';
import { writeState } from './sign-up-writes.js';
import { verificationsOf, type FieldVerification, type VerifiedField } from './sign-up-state.js';

/** The code strategies of a sign-up and the field each verifies. */
const STRATEGY_FIELDS = { email_code: 'email_address', phone_code: 'phone_number' } as const;
type Strategy = keyof typeof STRATEGY_FIELDS;

function fieldOf(strategy: string): VerifiedField {
  if (!(strategy in STRATEGY_FIELDS)) {
    throw apiErrors.strategyUnsupported(strategy, Object.keys(STRATEGY_FIELDS).join(', '));
  }
  return STRATEGY_FIELDS[strategy as Strategy];
}

function targetOf(row: SignUpRow, field: VerifiedField): CodeTarget {
  const to = field === 'email_address' ? row.email_address : row.phone_number;
  if (to === null) throw apiErrors.paramMissing(field);
  return {
    channel: field === 'email_address' ? 'email' : 'sms',
    to,
    slug: 'verification_code',
    userId: null,
    identificationId: null,
  };
}

/**
 * `…/prepare_verification` (`email_code`, `phone_code`): sends a code to the sign-up's email
 * address or phone number (replacing any earlier one); the field's verification becomes
 * `unverified`, `next_action: needs_attempt`. A field already verified is left as it is.
 */
export async function prepareSignUpVerification(
  ctx: FapiContext,
  row: SignUpRow,
  strategy: string,
): Promise<SignUpRow> {
  const field = fieldOf(strategy);
  const target = targetOf(row, field);
  if ((verificationsOf(row)[field] as FieldVerification | null)?.status === 'verified') return row;
  const chosen = await chooseCode(ctx.scope, target);
  const { next, outgoing } = await runWrite(ctx.scope, async (tx) => {
    const locked = await lockSignUpInProgress(tx, row.id);
    const sent = targetOf(locked, field);
    if (sent.to !== target.to) throw apiErrors.paramMissing(field); // changed meanwhile
    const issued = await issueCode(tx, { flowId: row.id, purpose: field, strategy }, sent, chosen);
    const verification: FieldVerification = {
      ...issued.verification,
      next_action: 'needs_attempt',
      supported_strategies: [strategy],
    };
    const verifications = { ...verificationsOf(locked), [field]: verification };
    const written = await writeState(
      tx,
      { ...locked, verifications: JSON.stringify(verifications) },
      {},
    );
    return { next: written, outgoing: issued.outgoing };
  });
  await deliverMessages(ctx.scope, outgoing);
  return next;
}

/**
 * `…/attempt_verification`: checks the code. A wrong one counts an attempt (the third
 * fails the verification: `verification_failed`), an expired one `verification_expired`;
 * both states commit with the error. The right one verifies the field, and a sign-up with
 * nothing left to do completes: its user is created and a session starts on the client.
 */
export async function attemptSignUpVerification(
  ctx: FapiContext,
  row: SignUpRow,
  input: { strategy: string; code: string },
): Promise<SignUpRow> {
  const field = fieldOf(input.strategy);
  const outcome = await runWrite(ctx.scope, async (tx) => {
    const locked = await lockSignUpInProgress(tx, row.id);
    const current = verificationsOf(locked)[field] as FieldVerification | null;
    const usable = current && current.strategy === input.strategy ? current : null;
    const attempt = await attemptCode(tx, { flowId: row.id, purpose: field }, usable, input.code);
    const verification: FieldVerification = {
      ...current!,
      ...attempt.verification,
      next_action: attempt.verification.status === 'verified' ? '' : current!.next_action,
    };
    if (attempt.verification.status === 'failed' || attempt.verification.status === 'expired') {
      verification.next_action = 'needs_prepare';
    }
    const verifications = { ...verificationsOf(locked), [field]: verification };
    const written = await writeState(
      tx,
      { ...locked, verifications: JSON.stringify(verifications) },
      {},
    );
    return { row: written, error: attempt.error };
  });
  if (outcome.error) throw outcome.error;
  return completeIfReady(ctx, outcome.row);
}

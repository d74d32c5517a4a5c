import type { ClerkApiError } from '../../errors/clerk-api-error.js';
import { apiErrors } from '../../errors/api-errors.js';
import { generateId } from '../../ids/generate-id.js';
import { isTestIdentifier, TEST_CODE } from '../../identifications/test-identifiers.js';
import {
  CODE_TTL_MS,
  codeMatches,
  hashCode,
  MAX_ATTEMPTS,
  newCode,
} from '../../identifications/verification-codes.js';
import {
  assertSmsCountryAllowed,
  readTestMode,
} from '../../instances/instance-settings-service.js';
import { recordMessage } from '../../messages/message-service.js';
import type { OutgoingMessage } from '../../platform/message-transport.js';
import type { Scope } from '../../platform/scope.js';
import type { WriteTx } from '../../platform/write.js';
import type { FlowCodeRow } from './flow-tables.js';
import { deleteFlowCode, findFlowCode, replaceFlowCode } from './sign-in-store.js';

/**
 * The codes a sign-up or sign-in sends, with the rules of the Users issue's verification
 * codes (identifications/verification-codes.ts): six random digits, 10 minutes, three wrong
 * attempts fail the verification, used once. Clerk's test identifiers take `424242` and get
 * no message when the instance is in test mode. The verification's state (status, attempts,
 * expiry) is the flow's, shown by its API object; only the code's hash is kept here.
 */

/** A code verification as the API shows it (Clerk's `verification_otp` stub). */
export interface CodeVerification {
  status: 'unverified' | 'verified' | 'failed' | 'expired';
  strategy: string;
  attempts: number | null;
  expire_at: number | null;
}

/** Where a code goes and what it is for. */
export interface CodeTarget {
  channel: 'email' | 'sms';
  to: string;
  /** The template: `verification_code`, or `reset_password_code` for a password reset. */
  slug: 'verification_code' | 'reset_password_code';
  userId: string | null;
  identificationId: string | null;
}

/** A code chosen before the write (test mode and the SMS country rule read the database). */
export interface ChosenCode {
  code: string;
  /** A test identifier in test mode: nothing is sent. */
  test: boolean;
}

export async function chooseCode(scope: Scope, target: CodeTarget): Promise<ChosenCode> {
  const kind = target.channel === 'email' ? 'email' : 'phone';
  const test = isTestIdentifier(kind, target.to) && (await readTestMode(scope.db, scope.instance));
  if (target.channel === 'sms' && !test) {
    await assertSmsCountryAllowed(scope.db, scope.instanceId, target.to);
  }
  return { code: test ? TEST_CODE : newCode(), test };
}

/**
 * Stores the chosen code for the flow's `purpose` (replacing an earlier one) and records its
 * message in the write; the caller delivers the returned messages after the commit.
 */
export async function issueCode(
  tx: WriteTx,
  flow: { flowId: string; purpose: string; strategy: string },
  target: CodeTarget,
  chosen: ChosenCode,
): Promise<{ verification: CodeVerification; outgoing: OutgoingMessage[] }> {
  const id = generateId('ver', tx.now);
  const row: FlowCodeRow = {
    id,
    instance_id: tx.instanceId,
    flow_id: flow.flowId,
    purpose: flow.purpose,
    identification_id: target.identificationId,
    code_hash: hashCode(id, chosen.code),
    expire_at: tx.now + CODE_TTL_MS,
    created_at: tx.now,
  };
  await replaceFlowCode(tx.db, row);
  const outgoing: OutgoingMessage[] = [];
  if (!chosen.test) {
    outgoing.push(
      await recordMessage(tx, {
        channel: target.channel,
        slug: target.slug,
        to: target.to,
        variables: { otp_code: chosen.code },
        userId: target.userId,
        identificationId: target.identificationId,
        code: chosen.code,
      }),
    );
  }
  const verification: CodeVerification = {
    status: 'unverified',
    strategy: flow.strategy,
    attempts: 0,
    expire_at: row.expire_at,
  };
  return { verification, outgoing };
}

/** What one attempt did: the verification after it, and the error to answer, if any. */
export interface CodeAttempt {
  verification: CodeVerification;
  /** Set when the attempt failed; throw it once the attempt's write has committed. */
  error: ClerkApiError | undefined;
  /** The code's identification (a sign-in's email address or phone number). */
  identificationId: string | null;
}

/**
 * One attempt of `code` against the flow's code for `purpose`, in the write `tx`. Nothing
 * prepared (or a verification already used, failed or expired) is refused without counting.
 * An expired code expires the verification; a wrong one counts an attempt, and the third
 * fails it; the right one verifies it and is deleted, so it cannot be used again. The
 * attempt's state must commit even when it fails: the caller throws `error` after the write.
 */
export async function attemptCode(
  tx: WriteTx,
  flow: { flowId: string; purpose: string },
  current: CodeVerification | null,
  code: string,
): Promise<CodeAttempt> {
  const stored = await findFlowCode(tx.db, tx.instanceId, flow.flowId, flow.purpose);
  if (current?.status === 'failed') throw apiErrors.verificationFailed();
  if (current?.status === 'expired') throw apiErrors.verificationExpired();
  if (!current || !stored || current.status === 'verified') {
    throw apiErrors.verificationNotPrepared();
  }
  const identificationId = stored.identification_id;
  if (tx.now >= Number(stored.expire_at)) {
    await deleteFlowCode(tx.db, tx.instanceId, flow.flowId, flow.purpose);
    return {
      verification: { ...current, status: 'expired' },
      error: apiErrors.verificationExpired(),
      identificationId,
    };
  }
  const attempts = (current.attempts ?? 0) + 1;
  if (codeMatches(stored.id, code, stored.code_hash)) {
    await deleteFlowCode(tx.db, tx.instanceId, flow.flowId, flow.purpose);
    return {
      verification: { ...current, status: 'verified', attempts },
      error: undefined,
      identificationId,
    };
  }
  if (attempts >= MAX_ATTEMPTS) {
    await deleteFlowCode(tx.db, tx.instanceId, flow.flowId, flow.purpose);
    return {
      verification: { ...current, status: 'failed', attempts },
      error: apiErrors.verificationFailed(),
      identificationId,
    };
  }
  return {
    verification: { ...current, status: 'unverified', attempts },
    error: apiErrors.flowCodeIncorrect(),
    identificationId,
  };
}

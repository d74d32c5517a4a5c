import type { SuccessBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { verificationCodeEmail, verificationCodeSms } from '../messages/message-templates.js';
import type { Scope } from '../platform/scope.js';
import {
  expirePendingVerifications,
  findEmailRow,
  findPhoneRow,
  findVerification,
  insertVerification,
  updateIdentificationRow,
  updateVerification,
  type VerificationRow,
} from './identification-store.js';
import { assertSmsCountryAllowed, readTestMode } from '../instances/instance-settings-service.js';
import { writeIdentifications } from './identification-writes.js';
import { isTestIdentifier, TEST_CODE } from './test-identifiers.js';
import { CODE_TTL_MS, codeMatches, hashCode, MAX_ATTEMPTS, newCode } from './verification-codes.js';

export type VerificationResponse = SuccessBody<'PrepareEmailAddressVerification'>;
export type IdentificationKind = 'email' | 'phone';

interface Identification {
  id: string;
  userId: string;
  address: string;
  verified: boolean;
}

/** What differs between email addresses and phone numbers when they are verified by code. */
const KINDS = {
  email: {
    table: 'email_addresses',
    resource: 'email_address',
    strategy: 'email_code',
    draft: verificationCodeEmail,
    find: async (db: Scope['db'], instanceId: string, id: string) => {
      const row = await findEmailRow(db, instanceId, id);
      return row && { row, address: row.email_address };
    },
  },
  phone: {
    table: 'phone_numbers',
    resource: 'phone_number',
    strategy: 'phone_code',
    draft: verificationCodeSms,
    find: async (db: Scope['db'], instanceId: string, id: string) => {
      const row = await findPhoneRow(db, instanceId, id);
      return row && { row, address: row.phone_number };
    },
  },
} as const;

async function identificationOf(
  db: Scope['db'],
  instanceId: string,
  kind: IdentificationKind,
  id: string,
): Promise<Identification | undefined> {
  const found = await KINDS[kind].find(db, instanceId, id);
  if (!found) return undefined;
  return {
    id,
    userId: found.row.user_id,
    address: found.address,
    verified: found.row.verification_status === 'verified',
  };
}

function responseOf(kind: IdentificationKind, v: VerificationRow): VerificationResponse {
  return {
    object: 'verification_otp',
    id: v.id,
    status: v.status,
    strategy: v.strategy,
    attempts: v.attempts,
    expire_at: Number(v.expire_at),
    ...(kind === 'phone' ? { channel: 'sms' } : {}),
  };
}

/**
 * `POST …/prepare_verification`: a new six-digit code, valid 10 minutes, sent to the address
 * (after the write commits). It supersedes the identification's pending codes. An unverified
 * identification shows the code's verification from now on; a verified one stays verified
 * (the code is checked on its own, see `attemptVerification`).
 */
export async function prepareVerification(
  scope: Scope,
  kind: IdentificationKind,
  id: string,
): Promise<VerificationResponse> {
  const k = KINDS[kind];
  const found = await identificationOf(scope.db, scope.instanceId, kind, id);
  if (!found) throw apiErrors.notFound(k.resource, id);
  // Test mode: Clerk's test identifiers take a fixed code and get no message.
  const testCode =
    isTestIdentifier(kind, found.address) && (await readTestMode(scope.db, scope.instance));
  if (kind === 'phone' && !testCode) {
    await assertSmsCountryAllowed(scope.db, scope.instanceId, found.address);
  }
  const code = testCode ? TEST_CODE : newCode();
  const { value } = await writeIdentifications(scope, found.userId, !found.verified, async (w) => {
    const { tx } = w;
    const current = await identificationOf(tx.db, tx.instanceId, kind, id);
    if (!current || current.userId !== w.user.id) throw apiErrors.notFound(k.resource, id);
    await expirePendingVerifications(tx.db, tx.instanceId, id, tx.now);
    const verificationId = generateId('ver', tx.now);
    const row: VerificationRow = {
      id: verificationId,
      instance_id: tx.instanceId,
      user_id: w.user.id,
      identification_id: id,
      strategy: k.strategy,
      status: 'unverified',
      code_hash: hashCode(verificationId, code),
      attempts: 0,
      expire_at: tx.now + CODE_TTL_MS,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertVerification(tx.db, row);
    if (!current.verified) {
      await updateIdentificationRow(tx.db, k.table, tx.instanceId, id, {
        verification_status: 'unverified',
        verification_strategy: k.strategy,
        verification_attempts: 0,
        verification_expire_at: row.expire_at,
        updated_at: tx.now,
      });
    }
    if (!testCode) {
      await w.send(k.draft(current.address, code, { userId: w.user.id, identificationId: id }));
    }
    return row;
  });
  return responseOf(kind, value);
}

/** The verification after one attempt with `code` at `now`. */
function attempted(v: VerificationRow, code: string, now: number): Partial<VerificationRow> {
  if (now >= Number(v.expire_at)) return { status: 'expired' };
  const attempts = v.attempts + 1;
  if (codeMatches(v.id, code, v.code_hash)) return { status: 'verified', attempts };
  return { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'unverified', attempts };
}

/**
 * `POST …/attempt_verification`: checks `code` against the verification and answers it with
 * its new status. A wrong code counts an attempt (the third fails the verification), an
 * expired one expires it: both are answered through `status`, not as errors, as the spec
 * says; a verification already failed or expired is answered as it is. A verified one is
 * refused (`verification_already_verified`). The right code verifies the identification if
 * it was not verified yet.
 */
export async function attemptVerification(
  scope: Scope,
  kind: IdentificationKind,
  id: string,
  input: { verification_id: string; code: string },
): Promise<VerificationResponse> {
  const k = KINDS[kind];
  const found = await identificationOf(scope.db, scope.instanceId, kind, id);
  if (!found) throw apiErrors.notFound(k.resource, id);
  const missing = () => apiErrors.notFound('verification', input.verification_id);
  const before = await findVerification(scope.db, scope.instanceId, input.verification_id);
  if (!before || before.identification_id !== id) throw missing();
  if (before.status === 'verified') throw apiErrors.verificationAlreadyVerified(before.id);
  if (before.status !== 'unverified') return responseOf(kind, before);
  const { value } = await writeIdentifications(scope, found.userId, !found.verified, async (w) => {
    const { tx } = w;
    // Again under the user's lock: concurrent attempts count one after the other.
    const v = await findVerification(tx.db, tx.instanceId, input.verification_id);
    if (!v || v.identification_id !== id) throw missing();
    if (v.status === 'verified') throw apiErrors.verificationAlreadyVerified(v.id);
    if (v.status !== 'unverified') return v;
    const next = { ...v, ...attempted(v, input.code, tx.now), updated_at: tx.now };
    await updateVerification(tx.db, tx.instanceId, v.id, {
      status: next.status,
      attempts: next.attempts,
      updated_at: tx.now,
    });
    const current = await identificationOf(tx.db, tx.instanceId, kind, id);
    if (current && !current.verified) {
      await updateIdentificationRow(tx.db, k.table, tx.instanceId, id, {
        verification_status: next.status,
        verification_strategy: k.strategy,
        verification_attempts: next.attempts,
        verification_expire_at: Number(next.expire_at),
        updated_at: tx.now,
      });
    }
    return next;
  });
  return responseOf(kind, value);
}

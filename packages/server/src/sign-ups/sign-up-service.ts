import type { RequestBody } from '@castellan/contract';
import type { Updateable } from 'kysely';
import type { SignUpsTable } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { signUpRowToApi, signUpStatusOf, type SignUp } from './sign-up-mapper.js';
import {
  findSignUpById,
  lockSignUpById,
  updateSignUpRow,
  type SignUpRow,
} from './sign-up-store.js';

export {
  createSignUp,
  initialVerifications,
  insertNewSignUp,
  VERIFIED_FIELDS,
  type NewSignUp,
  type SignUpField,
} from './create-sign-up.js';
export { signUpRowToApi, signUpStatusOf, type SignUp } from './sign-up-mapper.js';
export type { SignUpRow } from './sign-up-store.js';

/** The sign-up `id` as stored, or undefined (the Frontend API checks its client). */
export async function findSignUpRow(scope: Scope, id: string): Promise<SignUpRow | undefined> {
  return findSignUpById(scope.db, scope.instanceId, id);
}

/**
 * The sign-up `id` locked for a change in the write `tx`: only one in progress changes
 * (`sign_up_status_invalid` otherwise, as for the Backend API's update).
 */
export async function lockSignUpInProgress(tx: WriteTx, id: string): Promise<SignUpRow> {
  const row = await lockSignUpById(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound('sign_up', id);
  const status = signUpStatusOf(row, tx.now);
  if (status !== 'missing_requirements') throw apiErrors.signUpNotUpdatable(id, status);
  return row;
}

/** Writes the Frontend API's changes to a sign-up locked in `tx`. */
export async function writeSignUpChanges(
  tx: WriteTx,
  id: string,
  patch: Updateable<SignUpsTable>,
): Promise<void> {
  await updateSignUpRow(tx.db, tx.instanceId, id, { ...patch, updated_at: tx.now });
}

/** `GET /v1/sign_ups/{id}`. */
export async function getSignUp(scope: Scope, id: string): Promise<SignUp> {
  const row = await findSignUpById(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound('sign_up', id);
  return signUpRowToApi(row, scope.clock.now());
}

/**
 * `PATCH /v1/sign_ups/{id}`: `external_id` (copied to the user the sign-up makes; `null` or
 * `""` clears it) and `custom_action` (`null` is false). Only a sign-up in progress changes:
 * a complete one already made its user, an abandoned one never will.
 */
export async function updateSignUp(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateSignUp'>,
): Promise<SignUp> {
  return runWrite(scope, async (tx) => {
    const row = await lockSignUpById(tx.db, tx.dialect, tx.instanceId, id);
    if (!row) throw apiErrors.notFound('sign_up', id);
    const status = signUpStatusOf(row, tx.now);
    if (status !== 'missing_requirements') throw apiErrors.signUpNotUpdatable(id, status);
    const patch: Updateable<SignUpsTable> = { updated_at: tx.now };
    if (input.external_id !== undefined) patch.external_id = input.external_id || null;
    if (input.custom_action !== undefined) patch.custom_action = input.custom_action === true;
    await updateSignUpRow(tx.db, tx.instanceId, id, patch);
    return signUpRowToApi({ ...row, ...patch } as typeof row, tx.now);
  });
}

/**
 * Marks a sign-up complete inside the Frontend API's write that created its user and
 * session: nothing is missing or unverified any more.
 */
export async function completeSignUp(
  tx: WriteTx,
  id: string,
  created: { userId: string; sessionId: string | null },
): Promise<void> {
  const row = await lockSignUpById(tx.db, tx.dialect, tx.instanceId, id);
  if (!row) throw apiErrors.notFound('sign_up', id);
  const status = signUpStatusOf(row, tx.now);
  if (status !== 'missing_requirements') throw apiErrors.signUpNotUpdatable(id, status);
  await updateSignUpRow(tx.db, tx.instanceId, id, {
    status: 'complete',
    missing_fields: '[]',
    unverified_fields: '[]',
    created_user_id: created.userId,
    created_session_id: created.sessionId,
    updated_at: tx.now,
  });
}

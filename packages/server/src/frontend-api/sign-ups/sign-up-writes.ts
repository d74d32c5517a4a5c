import type { Updateable } from 'kysely';
import type { SignUpsTable } from '../../db/schema.js';
import type { WriteTx } from '../../platform/write.js';
import { writeSignUpChanges, type SignUpRow } from '../../sign-ups/sign-up-service.js';
import { deleteFlowCode } from '../sign-ins/sign-in-store.js';
import { requirementsOf, verificationsOf, type VerifiedField } from './sign-up-state.js';

/** The sign-up's pending code for `field` is void (the field changed). */
export async function deleteFlowCodes(tx: WriteTx, signUpId: string, field: VerifiedField) {
  await deleteFlowCode(tx.db, tx.instanceId, signUpId, field);
}

/**
 * Writes a changed sign-up with its `missing_fields` and `unverified_fields` worked out
 * again from its values and verifications; returns the row as written.
 */
export async function writeState(
  tx: WriteTx,
  next: SignUpRow,
  patch: Updateable<SignUpsTable>,
): Promise<SignUpRow> {
  const { missing, unverified } = requirementsOf(next, verificationsOf(next));
  const full: Updateable<SignUpsTable> = {
    ...patch,
    verifications: JSON.stringify(verificationsOf(next)),
    missing_fields: JSON.stringify(missing),
    unverified_fields: JSON.stringify(unverified),
  };
  await writeSignUpChanges(tx, next.id, full);
  return { ...next, ...full, updated_at: tx.now } as SignUpRow;
}

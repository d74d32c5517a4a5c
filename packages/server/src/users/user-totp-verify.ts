import { apiErrors } from '../errors/api-errors.js';
import { parseJson } from '../db/values.js';
import { verifyBackupCode } from '../passwords/backup-codes.js';
import { findTotpStep } from '../passwords/totp.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { applyMfaTimestamps } from './update-user.js';
import { claimTotpStep } from './user-authn-store.js';
import { readLockoutView, type LockoutView } from './user-lockout-state.js';
import { assertNotLocked, forgetFailedAttempts, recordFailedVerification } from './user-lockout.js';
import { userRowToUser } from './user-mapper.js';
import type { UserRow } from './user-rows.js';
import { openTotpSecret } from './user-secrets.js';
import { findUserById, updateUserRow } from './user-store.js';
import { lockExistingUser } from './user-writes.js';

type CodeType = 'totp' | 'backup_code';

/**
 * `POST /users/{id}/verify_totp`: a TOTP code (RFC 6238, ±1 step of the scope's clock, a
 * step used once: a replay fails) or else a backup code, which is used up. A locked user is
 * refused first; a wrong code counts against the lockout like a wrong password.
 */
export async function verifyUserTotp(
  scope: Scope,
  userId: string,
  code: string,
): Promise<{ verified: true; code_type: CodeType }> {
  const row = await findUserById(scope.db, scope.instanceId, userId);
  if (!row) throw apiErrors.notFound('user', userId);
  const view = await readLockoutView(scope.db, scope.instanceId, scope.clock.now());
  assertNotLocked(row, view);
  const digests = parseJson<string[] | null>(row.backup_codes) ?? [];
  if (row.totp_secret === null && digests.length === 0) {
    throw apiErrors.secondFactorNotSet(userId);
  }
  if (row.totp_secret !== null && (await useTotpCode(scope, row, code, view))) {
    return { verified: true, code_type: 'totp' };
  }
  if (digests.length > 0 && (await useBackupCode(scope, row, digests, code, view))) {
    return { verified: true, code_type: 'backup_code' };
  }
  throw (await recordFailedVerification(scope, userId, view)) ?? apiErrors.codeIncorrect();
}

/** Whether `code` is the TOTP of a step not used before; the step is then recorded. */
async function useTotpCode(scope: Scope, row: UserRow, code: string, view: LockoutView) {
  const secret = openTotpSecret(scope.secrets, row.id, row.totp_secret!);
  const step = findTotpStep(secret, code, view.now);
  if (step === undefined) return false;
  return runWrite(scope, async (tx) => {
    if (!(await claimTotpStep(tx.db, tx.instanceId, row.id, step))) return false;
    await forgetFailedAttempts(tx, row, view);
    return true;
  });
}

/**
 * Whether `code` is one of the user's backup codes; it is then removed. The bcrypt checks
 * run before the write; the write removes the matched digest only if it is still there, so
 * two concurrent uses of one code cannot both succeed.
 */
async function useBackupCode(
  scope: Scope,
  row: UserRow,
  digests: string[],
  code: string,
  view: LockoutView,
) {
  const index = await verifyBackupCode(digests, code);
  if (index < 0) return false;
  const used = digests[index]!;
  return runWrite(scope, async (tx) => {
    const current = await lockExistingUser(tx, row.id);
    const remaining = parseJson<string[] | null>(current.backup_codes) ?? [];
    if (!remaining.includes(used)) return false;
    const patch = {
      backup_codes: JSON.stringify(remaining.filter((digest) => digest !== used)),
      updated_at: tx.now,
    };
    applyMfaTimestamps(current, patch, tx.now);
    await updateUserRow(tx.db, tx.instanceId, row.id, patch);
    await forgetFailedAttempts(tx, current, view);
    const changed = await findUserById(tx.db, tx.instanceId, row.id);
    await tx.emit('user.updated', userRowToUser(changed!, { ...view, now: tx.now }));
    return true;
  });
}

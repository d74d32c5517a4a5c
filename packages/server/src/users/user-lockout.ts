import { apiErrors } from '../errors/api-errors.js';
import type { ClerkApiError } from '../errors/clerk-api-error.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import {
  clearExpiredLock,
  incrementFailedAttempts,
  lockIfUnlocked,
  resetFailedAttempts,
} from './user-authn-store.js';
import { lockoutStateOf, type LockoutView } from './user-lockout-state.js';
import { userRowToUser } from './user-mapper.js';
import type { UserRow } from './user-rows.js';
import { findUserById } from './user-store.js';

/** "60 minutes", "1 minute": how Clerk words the wait in `user_locked`. */
function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Clerk's `user_locked` (403), with `meta.lockout_expires_in_seconds` (null: until unlocked). */
export function userLockedError(expiresInSeconds: number | null): ClerkApiError {
  const error =
    expiresInSeconds === null
      ? apiErrors.userLockedIndefinitely()
      : apiErrors.userLocked(minutesText(expiresInSeconds));
  error.errors[0]!.meta = { lockout_expires_in_seconds: expiresInSeconds };
  return error;
}

/** A locked user may not verify anything: checked before any password or code is looked at. */
export function assertNotLocked(row: UserRow, view: LockoutView): void {
  const state = lockoutStateOf(row, view);
  if (state.locked) throw userLockedError(state.expiresInSeconds);
}

/** Lifts the user's lock if, by the settings in `view`, it has expired. */
async function clearLockIfExpired(tx: WriteTx, userId: string, view: LockoutView) {
  const minutes = view.settings.duration_in_minutes;
  if (minutes !== null)
    await clearExpiredLock(tx.db, tx.instanceId, userId, tx.now - minutes * 60_000);
}

/**
 * Counts a failed password or code verification, committed on its own although the request
 * answers an error. The attempt that reaches the instance's maximum locks the user (and
 * records `user.updated`); it then answers `user_locked`, returned here for the caller to
 * throw. With lockout off for the instance nothing is counted.
 */
export async function recordFailedVerification(
  scope: Scope,
  userId: string,
  view: LockoutView,
): Promise<ClerkApiError | undefined> {
  const { settings } = view;
  if (!settings.enabled) return undefined;
  return runWrite(scope, async (tx) => {
    await clearLockIfExpired(tx, userId, view);
    const attempts = await incrementFailedAttempts(tx.db, tx.instanceId, userId);
    if (attempts === undefined || attempts < settings.max_attempts) return undefined;
    if (!(await lockIfUnlocked(tx.db, tx.instanceId, userId, tx.now))) return undefined;
    const row = await findUserById(tx.db, tx.instanceId, userId);
    if (!row) return undefined;
    const atWrite = { ...view, now: tx.now };
    await tx.emit('user.updated', userRowToUser(row, atWrite));
    return userLockedError(lockoutStateOf(row, atWrite).expiresInSeconds);
  });
}

/**
 * A successful verification forgets the failed attempts (and an expired lock), in the
 * caller's write. The counter is not part of any event: it changes on every attempt.
 */
export async function forgetFailedAttempts(
  tx: WriteTx,
  row: UserRow,
  view: LockoutView,
): Promise<void> {
  if (lockoutStateOf(row, view).lockExpired) await clearLockIfExpired(tx, row.id, view);
  if (row.failed_verification_attempts > 0) {
    await resetFailedAttempts(tx.db, tx.instanceId, row.id);
  }
}

/** `forgetFailedAttempts` in a write of its own, skipped when there is nothing to forget. */
export async function recordSuccessfulVerification(
  scope: Scope,
  row: UserRow,
  view: LockoutView,
): Promise<void> {
  if (row.failed_verification_attempts === 0 && !lockoutStateOf(row, view).lockExpired) return;
  await runWrite(scope, (tx) => forgetFailedAttempts(tx, row, view));
}

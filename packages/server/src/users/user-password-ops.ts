import { apiErrors } from '../errors/api-errors.js';
import { endSessionsOfUsers } from '../sessions/session-lifecycle.js';
import { verifyPassword } from '../passwords/password-hash.js';
import type { Scope } from '../platform/scope.js';
import { readLockoutView } from './user-lockout-state.js';
import {
  assertNotLocked,
  recordFailedVerification,
  recordSuccessfulVerification,
} from './user-lockout.js';
import type { User } from './user-mapper.js';
import { getUser } from './user-service.js';
import { findUserById, updateUserRow } from './user-store.js';
import { lockExistingUser, writeUser } from './user-writes.js';

/**
 * `POST /users/{id}/verify_password`. A locked user is refused before the password is
 * looked at; a wrong password counts against the instance's lockout (committed although
 * the request fails) and the attempt that reaches the maximum answers `user_locked`. The
 * digest is checked off the event loop, outside any transaction.
 */
export async function verifyUserPassword(
  scope: Scope,
  userId: string,
  password: string,
): Promise<{ verified: true }> {
  const row = await findUserById(scope.db, scope.instanceId, userId);
  if (!row) throw apiErrors.notFound('user', userId);
  const view = await readLockoutView(scope.db, scope.instanceId, scope.clock.now());
  assertNotLocked(row, view);
  if (row.password_digest === null || row.password_hasher === null) {
    throw apiErrors.passwordNotSet(userId);
  }
  if (await verifyPassword(row.password_hasher, row.password_digest, password)) {
    await recordSuccessfulVerification(scope, row, view);
    return { verified: true };
  }
  throw (await recordFailedVerification(scope, userId, view)) ?? apiErrors.passwordIncorrect();
}

/**
 * `POST /users/{id}/remove_password`. A user without a password comes back unchanged and
 * no event is recorded (as the spec says), and no session is touched. With
 * `sign_out_of_other_sessions` the user's active sessions are revoked in the same write.
 */
export async function removeUserPassword(
  scope: Scope,
  userId: string,
  input: { sign_out_of_other_sessions?: boolean | undefined } = {},
): Promise<User> {
  const row = await findUserById(scope.db, scope.instanceId, userId);
  if (!row) throw apiErrors.notFound('user', userId);
  if (row.password_digest === null) return getUser(scope, userId);
  const signOut = input.sign_out_of_other_sessions === true;
  return writeUser(
    scope,
    'user.updated',
    false,
    async (tx) => {
      await lockExistingUser(tx, userId);
      await updateUserRow(tx.db, tx.instanceId, userId, {
        password_digest: null,
        password_hasher: null,
        password_last_updated_at: null,
        updated_at: tx.now,
      });
      return userId;
    },
    signOut ? (tx, user) => endSessionsOfUsers(tx, [user], 'revoked') : undefined,
  );
}

import { toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { userRowToUser, type User } from './user-mapper.js';
import { findUserById, touchUserLastActive, updateUserRow } from './user-store.js';
import { readUserView } from './user-view.js';
import { lockExistingUser } from './user-writes.js';

/**
 * A session starts for the user in the write `tx` (the sessions domain calls this): the
 * user must exist and not be banned; its `last_sign_in_at` and `last_active_at` become now.
 * No `user.updated` is recorded (the `session.created` event carries the user). Returns the
 * user as the API answers it.
 */
export async function recordUserSignIn(scope: Scope, tx: WriteTx, userId: string): Promise<User> {
  const row = await lockExistingUser(tx, userId);
  if (toBool(row.banned)) throw apiErrors.userBanned(userId);
  await updateUserRow(tx.db, tx.instanceId, userId, {
    last_sign_in_at: tx.now,
    last_active_at: tx.now,
  });
  const view = await readUserView(scope, tx);
  return userRowToUser({ ...row, last_sign_in_at: tx.now, last_active_at: tx.now }, view);
}

/**
 * The user was active at `at` (a session of theirs got a token): `last_active_at` moves
 * forward, unless it already is at or after `notBefore` (so concurrent tokens write once).
 */
export async function recordUserActivity(
  tx: WriteTx,
  userId: string,
  at: number,
  notBefore: number,
): Promise<void> {
  await touchUserLastActive(tx.db, tx.instanceId, userId, at, notBefore);
}

/** The user as the API answers them, read in the write `tx` (a session event's `user`). */
export async function readUserForEvent(
  scope: Scope,
  tx: WriteTx,
  userId: string,
): Promise<User | undefined> {
  const row = await findUserById(tx.db, tx.instanceId, userId);
  return row && userRowToUser(row, await readUserView(scope, tx));
}

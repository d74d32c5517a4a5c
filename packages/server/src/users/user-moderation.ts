import type { Updateable } from 'kysely';
import { readUserView } from './user-view.js';
import type { UsersTable } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { endSessionsOfUsers } from '../sessions/session-lifecycle.js';
import { lockUsers, updateUserRows } from './user-authn-store.js';
import { userRowToUser, type User } from './user-mapper.js';
import { updateUserRow } from './user-store.js';
import { lockExistingUser, writeUser } from './user-writes.js';

type ModerationPatch = Pick<
  Updateable<UsersTable>,
  'banned' | 'locked' | 'locked_at' | 'failed_verification_attempts'
>;

/** Writes one moderation change to one user (`user.updated`); the user must exist. */
function moderateUser(
  scope: Scope,
  userId: string,
  patch: (now: number) => ModerationPatch,
  after?: (tx: WriteTx, user: User) => Promise<unknown>,
) {
  return writeUser(
    scope,
    'user.updated',
    false,
    async (tx) => {
      await lockExistingUser(tx, userId);
      await updateUserRow(tx.db, tx.instanceId, userId, { ...patch(tx.now), updated_at: tx.now });
      return userId;
    },
    after,
  );
}

/**
 * `POST /users/{id}/ban`. Banning also revokes the user's active sessions in the same
 * write (`session.revoked` each), so a banned user keeps none.
 */
export function banUser(scope: Scope, userId: string): Promise<User> {
  return moderateUser(
    scope,
    userId,
    () => ({ banned: true }),
    (tx, user) => endSessionsOfUsers(tx, [user], 'revoked'),
  );
}

export function unbanUser(scope: Scope, userId: string): Promise<User> {
  return moderateUser(scope, userId, () => ({ banned: false }));
}

/** `POST /users/{id}/lock`: locked from now for the instance's lockout duration. */
export function lockUser(scope: Scope, userId: string): Promise<User> {
  return moderateUser(scope, userId, (now) => ({ locked: true, locked_at: now }));
}

/** `POST /users/{id}/unlock`: lifts the lock and forgets the failed attempts. */
export function unlockUser(scope: Scope, userId: string): Promise<User> {
  return moderateUser(scope, userId, () => ({
    locked: false,
    locked_at: null,
    failed_verification_attempts: 0,
  }));
}

/**
 * `POST /users/ban` and `/users/unban`: all or nothing. Every ID must be a user of the
 * instance (the first unknown one is named in the error) before any is changed; an ID
 * sent twice counts once. Answers the users in the order first sent, one `user.updated`
 * each. Banning revokes the users' active sessions in the same write.
 */
export function setUsersBanned(
  scope: Scope,
  userIds: readonly string[],
  banned: boolean,
): Promise<User[]> {
  const ids = [...new Set(userIds)];
  return runWrite(scope, async (tx) => {
    const found = new Set(
      (await lockUsers(tx.db, tx.dialect, tx.instanceId, ids)).map((r) => r.id),
    );
    const unknown = ids.find((id) => !found.has(id));
    if (unknown !== undefined) throw apiErrors.usersNotFound(unknown);
    await updateUserRows(tx.db, tx.instanceId, ids, { banned, updated_at: tx.now });
    const view = await readUserView(scope, tx);
    const rows = new Map(
      (await lockUsers(tx.db, tx.dialect, tx.instanceId, ids)).map((r) => [r.id, r]),
    );
    const users = ids.map((id) => userRowToUser(rows.get(id)!, view));
    for (const user of users) await tx.emit('user.updated', user);
    if (banned) await endSessionsOfUsers(tx, users, 'revoked');
    return users;
  });
}

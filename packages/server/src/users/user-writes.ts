import { apiErrors } from '../errors/api-errors.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import type { Scope } from '../platform/scope.js';
import { userRowToUser, type User } from './user-mapper.js';
import type { UserRowWithIdentifications } from './user-rows.js';
import { searchDocumentOf } from './user-search.js';
import { findUserById, lockUser, lockUserId, upsertSearchDocument } from './user-store.js';
import './user-unique-indexes.js';
import { readUserView } from './user-view.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp parameter to Unix milliseconds. */
export function parseTimestampParam(value: string, param: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw apiErrors.timestampInvalid(param);
  return ms;
}

/**
 * Locks the user's row in the write `tx` if it exists, so it cannot be deleted under a
 * record that names it (a sign-in or actor token); false when there is no such user.
 */
export async function lockUserIfExists(tx: WriteTx, userId: string): Promise<boolean> {
  return lockUserId(tx.db, tx.dialect, tx.instanceId, userId);
}

/** Reads and locks the user a write changes; a user not in the instance is a 404. */
export async function lockExistingUser(
  tx: WriteTx,
  userId: string,
): Promise<UserRowWithIdentifications> {
  const row = await lockUser(tx.db, tx.dialect, tx.instanceId, userId);
  if (!row) throw apiErrors.notFound('user', userId);
  return row;
}

/**
 * Runs a user write (one transaction, see `runWrite`) whose work returns the ID of the user
 * it created or changed: reads the user back, refreshes its search document when asked,
 * and records `eventType` with the user as data. `after` runs last in the same write, with
 * the user as answered (ending the user's sessions, whose events carry the user).
 */
export async function writeUser(
  scope: Scope,
  eventType: 'user.created' | 'user.updated',
  refreshSearch: boolean,
  work: (tx: WriteTx) => Promise<string>,
  after?: (tx: WriteTx, user: User) => Promise<unknown>,
): Promise<User> {
  return runWrite(scope, async (tx) => {
    const userId = await work(tx);
    const row = await findUserById(tx.db, tx.instanceId, userId);
    if (!row) throw apiErrors.notFound('user', userId);
    if (refreshSearch) await upsertSearchDocument(tx.db, tx.dialect, row, searchDocumentOf(row));
    const user = userRowToUser(row, await readUserView(scope, tx));
    await tx.emit(eventType, user);
    if (after) await after(tx, user);
    return user;
  });
}

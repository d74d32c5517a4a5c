import type { ResponseBody } from '@castellan/contract';
import type { WriteTx } from '../platform/write.js';
import { sessionRowToSession, type Session } from './session-mapper.js';
import { sessionStatusAt } from './session-status.js';
import { lockActiveSessions, updateSessionRow, type SessionRow } from './session-store.js';

type User = ResponseBody<'GetUser', '200'>;

/** How a session ends, and the event that says so. */
const ENDINGS = {
  revoked: 'session.revoked',
  ended: 'session.ended',
  removed: 'session.removed',
  replaced: undefined,
} as const;
export type SessionEnding = keyof typeof ENDINGS;

/**
 * Ends one session in the write `tx` (its row already locked and active at `tx.now`):
 * stores the new status and records the event, whose data is the session with its `user`.
 */
export async function endSessionRow(
  tx: WriteTx,
  row: SessionRow,
  ending: SessionEnding,
  user: User | undefined,
): Promise<Session> {
  const ended = { ...row, status: ending, updated_at: tx.now };
  await updateSessionRow(tx.db, tx.instanceId, row.id, { status: ending, updated_at: tx.now });
  const session = sessionRowToSession(ended, tx.now);
  const event = ENDINGS[ending];
  if (event && user) await tx.emit(event, { ...session, user });
  return session;
}

/**
 * Ends every session of these users that is active now, in the caller's write (banning
 * revokes them, deleting the user ends them, a password change may sign them out). The users
 * domain calls this with the users as the API answers them, for the events' `user`.
 * Returns how many sessions it ended.
 */
export async function endSessionsOfUsers(
  tx: WriteTx,
  users: readonly User[],
  ending: 'revoked' | 'ended',
): Promise<number> {
  const byId = new Map(users.map((user) => [user.id, user]));
  const rows = await lockActiveSessions(tx.db, tx.dialect, tx.instanceId, {
    column: 'user_id',
    ids: [...byId.keys()],
  });
  const active = rows.filter((row) => sessionStatusAt(row, tx.now) === 'active');
  for (const row of active) await endSessionRow(tx, row, ending, byId.get(row.user_id));
  return active.length;
}

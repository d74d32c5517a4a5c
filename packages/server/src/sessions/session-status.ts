import type { SessionSettings } from '../instances/instance-settings.js';
import type { SessionRow } from './session-store.js';

export type SessionStatus =
  'active' | 'ended' | 'expired' | 'removed' | 'replaced' | 'revoked' | 'abandoned';

type Times = Pick<SessionRow, 'status' | 'expire_at' | 'abandon_at'>;

/**
 * A session's status at `now`. Ending a session (revoke, end, remove, replace) is stored;
 * time ends an active one by itself, so it is read from the times: past `expire_at` (its
 * lifetime) it is `expired`, past `abandon_at` (the inactivity timeout) `abandoned`.
 */
export function sessionStatusAt(row: Times, now: number): SessionStatus {
  if (row.status !== 'active') return row.status;
  if (now >= row.expire_at) return 'expired';
  if (now >= row.abandon_at) return 'abandoned';
  return 'active';
}

/** When a session started at `now` expires and, without activity, is abandoned. */
export function sessionTimesFrom(settings: SessionSettings, now: number) {
  const expireAt = now + settings.lifetime_seconds * 1000;
  return { expire_at: expireAt, abandon_at: abandonAtAfter(settings, now, expireAt) };
}

/**
 * Activity at `now` moves `abandon_at` to one inactivity timeout later, never past the
 * session's lifetime; with no inactivity timeout a session is abandoned when it expires.
 */
export function abandonAtAfter(settings: SessionSettings, now: number, expireAt: number): number {
  const timeout = settings.inactivity_timeout_seconds;
  return timeout === null ? expireAt : Math.min(expireAt, now + timeout * 1000);
}

/**
 * How often activity is written: at most once a minute, or a tenth of the inactivity timeout
 * when that is shorter, so minting tokens stays a read while the timeout stays exact to
 * within a tenth.
 */
export function touchIntervalMs(settings: SessionSettings): number {
  const timeout = settings.inactivity_timeout_seconds;
  return Math.min(60_000, timeout === null ? 60_000 : timeout * 100);
}

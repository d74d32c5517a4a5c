import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { toBool } from '../db/values.js';
import {
  readUserLockoutSettings,
  type UserLockoutSettings,
} from '../instances/instance-settings.js';
import type { UserRow } from './user-rows.js';

/** What the lockout fields of a user are computed from: the time of the read and the settings. */
export interface LockoutView {
  now: number;
  settings: UserLockoutSettings;
}

/** The lockout view of a read or a write at `now` (one query: the instance's settings). */
export async function readLockoutView(
  db: Kysely<Db>,
  instanceId: string,
  now: number,
): Promise<LockoutView> {
  return { now, settings: await readUserLockoutSettings(db, instanceId) };
}

export interface LockoutState {
  locked: boolean;
  /** Seconds until the lock expires; null when not locked or locked until unlocked. */
  expiresInSeconds: number | null;
  /** Null when lockout is off for the instance. */
  attemptsRemaining: number | null;
  /** The row says locked but the lock has expired: the next write clears it. */
  lockExpired: boolean;
}

type LockoutColumns = Pick<UserRow, 'locked' | 'locked_at' | 'failed_verification_attempts'>;

/** When a lock placed at `lockedAt` expires (null: never, the duration is unlimited). */
export function lockExpiresAt(lockedAt: number, settings: UserLockoutSettings): number | null {
  return settings.duration_in_minutes === null
    ? null
    : lockedAt + settings.duration_in_minutes * 60_000;
}

/**
 * The user's lockout state at `view.now`. A lock reads as lifted once its duration has
 * passed, and its failed attempts with it: the stored row is only corrected by the next
 * verification, so every read is true to the time without a sweeper.
 */
export function lockoutStateOf(row: LockoutColumns, view: LockoutView): LockoutState {
  const { settings, now } = view;
  const expiresAt =
    toBool(row.locked) && row.locked_at !== null ? lockExpiresAt(row.locked_at, settings) : null;
  const lockExpired = toBool(row.locked) && expiresAt !== null && expiresAt <= now;
  const locked = toBool(row.locked) && !lockExpired;
  const failed = lockExpired ? 0 : row.failed_verification_attempts;
  return {
    locked,
    expiresInSeconds: locked && expiresAt !== null ? Math.ceil((expiresAt - now) / 1000) : null,
    attemptsRemaining: settings.enabled ? Math.max(0, settings.max_attempts - failed) : null,
    lockExpired,
  };
}

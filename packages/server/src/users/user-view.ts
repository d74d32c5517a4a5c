import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { readLockoutView, type LockoutView } from './user-lockout-state.js';

/**
 * What mapping a user row needs beyond the row: the lockout view (the time of the read and
 * the instance's lockout settings) and where this server is reached (image URLs).
 */
export interface UserView {
  lockout: LockoutView;
  baseUrl: string;
}

/** The view of a read (`scope.db`, the clock now) or, given `tx`, of a write (`tx.now`). */
export async function readUserView(scope: Scope, tx?: WriteTx): Promise<UserView> {
  const lockout = tx
    ? await readLockoutView(tx.db, tx.instanceId, tx.now)
    : await readLockoutView(scope.db, scope.instanceId, scope.clock.now());
  return { lockout, baseUrl: scope.baseUrl };
}

import { type Kysely, type Updateable, sql } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, UsersTable } from '../db/schema.js';
import type { UserRowWithIdentifications } from './user-rows.js';
import { selectUsersWithIdentifications } from './user-store.js';
import { changesPublicData, refreshPublicUserData } from './user-public-data-store.js';

/**
 * Counts one failed verification in the database itself (`attempts + 1`), so concurrent
 * wrong attempts all count; returns the new count (undefined: no such user).
 */
export async function incrementFailedAttempts(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<number | undefined> {
  const row = await db
    .updateTable('users')
    .set({ failed_verification_attempts: sql`failed_verification_attempts + 1` })
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .returning('failed_verification_attempts')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.failed_verification_attempts);
}

/** Places a lock at `now` on a user not locked already; whether it did. */
export async function lockIfUnlocked(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ locked: true, locked_at: now, updated_at: now })
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .where('locked', '=', false)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Lifts a lock placed at or before `lockedBefore` (it has expired), with its attempts.
 * Conditional on the stored lock time, so a lock placed meanwhile stays.
 */
export async function clearExpiredLock(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  lockedBefore: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ locked: false, locked_at: null, failed_verification_attempts: 0 })
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .where('locked', '=', true)
    .where('locked_at', '<=', lockedBefore)
    .execute();
}

/** A successful verification forgets the failed attempts of a user not locked. */
export async function resetFailedAttempts(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_verification_attempts: 0 })
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .where('locked', '=', false)
    .where('failed_verification_attempts', '>', 0)
    .execute();
}

/**
 * Records `step` as the last TOTP step used, if it is later than the one stored: false
 * means the code's step was used already (a replay, possibly a concurrent one).
 */
export async function claimTotpStep(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_used_step: step })
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .where((eb) =>
      eb.or([eb('totp_last_used_step', 'is', null), eb('totp_last_used_step', '<', step)]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Reads and locks the given users of the instance (those that exist), for a bulk write. */
export async function lockUsers(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  userIds: readonly string[],
): Promise<UserRowWithIdentifications[]> {
  return dialect
    .lockForUpdate(
      selectUsersWithIdentifications(db)
        .where('users.instance_id', '=', instanceId)
        .where('users.id', 'in', userIds)
        .orderBy('users.id'),
    )
    .execute();
}

/** Applies one patch to several users of the instance. */
export async function updateUserRows(
  db: Kysely<Db>,
  instanceId: string,
  userIds: readonly string[],
  patch: Updateable<UsersTable>,
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .updateTable('users')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', 'in', userIds)
    .execute();
  if (changesPublicData(patch)) await refreshPublicUserData(db, instanceId, userIds);
}

/** Phone numbers of the user stop being second factors; whether any was one. */
export async function clearSecondFactorPhones(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('phone_numbers')
    .set({ reserved_for_second_factor: false, default_second_factor: false, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([eb('reserved_for_second_factor', '=', true), eb('default_second_factor', '=', true)]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

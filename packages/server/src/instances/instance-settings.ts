import type { Kysely } from 'kysely';
import { parseJson } from '../db/values.js';
import type { Db } from '../db/schema.js';
import { findInstanceSettings, upsertInstanceSettings } from './instance-settings-store.js';
import { findInstanceName } from './instance-store.js';

/**
 * Clerk's attack protection, user lockout part (the shape of Clerk's
 * `attack_protection.user_lockout`): after `max_attempts` failed verifications a user is
 * locked for `duration_in_minutes` (`null`: until unlocked).
 */
export interface UserLockoutSettings {
  enabled: boolean;
  max_attempts: number;
  duration_in_minutes: number | null;
}

/** What `instance_settings.settings` holds; sections not saved read as their defaults. */
export interface InstanceSettings {
  attack_protection?: { user_lockout?: Partial<UserLockoutSettings> };
}

/** Clerk's defaults: lockout on, 100 failed attempts, locked for one hour. */
export const DEFAULT_USER_LOCKOUT: Readonly<UserLockoutSettings> = Object.freeze({
  enabled: true,
  max_attempts: 100,
  duration_in_minutes: 60,
});

export async function readInstanceSettings(
  db: Kysely<Db>,
  instanceId: string,
): Promise<InstanceSettings> {
  const stored = await findInstanceSettings(db, instanceId);
  return stored === undefined ? {} : (parseJson<InstanceSettings | null>(stored) ?? {});
}

/** The instance's user lockout settings, Clerk's defaults for whatever was not saved. */
export async function readUserLockoutSettings(
  db: Kysely<Db>,
  instanceId: string,
): Promise<UserLockoutSettings> {
  const saved = (await readInstanceSettings(db, instanceId)).attack_protection?.user_lockout;
  return { ...DEFAULT_USER_LOCKOUT, ...saved };
}

/**
 * Saves the instance's settings document whole (callers merge into what
 * `readInstanceSettings` returned). UpdateInstance will expose it; tests call it directly.
 */
export async function saveInstanceSettings(
  db: Kysely<Db>,
  instanceId: string,
  settings: InstanceSettings,
  nowMs: number,
): Promise<void> {
  await upsertInstanceSettings(db, instanceId, JSON.stringify(settings), nowMs);
}

/** The instance's name: what an authenticator app shows as the issuer of a TOTP. */
export async function readInstanceName(db: Kysely<Db>, instanceId: string): Promise<string> {
  return (await findInstanceName(db, instanceId)) ?? instanceId;
}

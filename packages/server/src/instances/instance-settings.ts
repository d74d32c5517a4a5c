import type { Kysely } from 'kysely';
import { parseJson } from '../db/values.js';
import type { Db } from '../db/schema.js';
import type { DialectAdapter } from '../db/dialect.js';
import {
  findInstanceSettings,
  findInstanceSettingsLocked,
  upsertInstanceSettings,
} from './instance-settings-store.js';
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

/**
 * Sessions: how long one lives, when inactivity ends it, whether a client may hold several,
 * and the default lifetime of its tokens. Not exposed by the Backend API: set from the
 * instance configuration (file, CLI or environment, read at start).
 */
export interface SessionSettings {
  /** A session expires this long after it was created (Clerk's default: 7 days). */
  lifetime_seconds: number;
  /** A session not touched for this long expires (`null`: never; Clerk's default). */
  inactivity_timeout_seconds: number | null;
  /** A client may hold several active sessions (Clerk's multi-session mode). */
  multi_session: boolean;
  /** `exp - iat` of a session token when no `expires_in_seconds` is asked (Clerk: 60 s). */
  token_lifetime_seconds: number;
}

export const DEFAULT_SESSION_SETTINGS: Readonly<SessionSettings> = Object.freeze({
  lifetime_seconds: 7 * 24 * 60 * 60,
  inactivity_timeout_seconds: null,
  multi_session: false,
  token_lifetime_seconds: 60,
});

/**
 * What `instance_settings.settings` holds; sections not saved read as their defaults. One
 * document per instance, one section per concern: a writer changes only its own section,
 * through `updateInstanceSettings` (locked read, merge, write).
 */
export interface InstanceSettings {
  attack_protection?: { user_lockout?: Partial<UserLockoutSettings> };
  sessions?: Partial<SessionSettings>;
  /** Other sections (instance, protect, communication, organizations, …), each owned by its module. */
  [section: string]: unknown;
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

/** The instance's session settings, the defaults for whatever was not saved. */
export async function readSessionSettings(
  db: Kysely<Db>,
  instanceId: string,
): Promise<SessionSettings> {
  return { ...DEFAULT_SESSION_SETTINGS, ...(await readInstanceSettings(db, instanceId)).sessions };
}

/**
 * Changes the instance's settings document inside a write: reads it locked (PostgreSQL
 * `FOR UPDATE`; SQLite serializes writes), lets `change` return the new document, saves it.
 * Two writers changing different sections at once both keep their change.
 */
export async function updateInstanceSettings(
  tx: { db: Kysely<Db>; dialect: DialectAdapter; instanceId: string; now: number },
  change: (current: InstanceSettings) => InstanceSettings,
): Promise<InstanceSettings> {
  const stored = await findInstanceSettingsLocked(tx.db, tx.dialect, tx.instanceId, tx.now);
  const current = stored === undefined ? {} : (parseJson<InstanceSettings | null>(stored) ?? {});
  const next = change(current);
  await upsertInstanceSettings(tx.db, tx.instanceId, JSON.stringify(next), tx.now);
  return next;
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

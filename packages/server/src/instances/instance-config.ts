import { apiErrors } from '../errors/api-errors.js';
import type { PermissionDefinition, RoleDefinition } from '../roles/role-definitions.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { readInstanceSettings, type SessionSettings } from './instance-settings.js';

/**
 * Instance configuration the Backend API does not expose: set from a file, CLI or
 * environment options (docs/configuration.md), stored in the instance's settings
 * document, one section each: `identifiers`, `password_settings`, `sessions` (read by the
 * sessions code) and `organization_settings` (the Backend API's OrganizationSettings
 * fields, the section UpdateInstanceOrganizationSettings changes too).
 */

/** As Clerk's dashboard has it: an identifier a user must have, may have, or cannot have. */
export type IdentifierMode = 'required' | 'optional' | 'off';

export const IDENTIFIERS = ['email_address', 'phone_number', 'username', 'web3_wallet'] as const;
export type Identifier = (typeof IDENTIFIERS)[number];
export type IdentifierSettings = Record<Identifier, IdentifierMode>;

/** Today's rule: any of the four, at least one of them (CreateUser's `identifierRequired`). */
export const DEFAULT_IDENTIFIER_SETTINGS: Readonly<IdentifierSettings> = Object.freeze({
  email_address: 'optional',
  phone_number: 'optional',
  username: 'optional',
  web3_wallet: 'optional',
});

/** Clerk's `password_settings` names. Lengths count characters; bcrypt's 72-byte ceiling stays. */
export interface PasswordSettings {
  /** A new user needs a password (`skip_password_requirement` lifts it per request). */
  required: boolean;
  min_length: number;
  max_length: number;
  require_uppercase: boolean;
  require_lowercase: boolean;
  require_numbers: boolean;
  require_special_char: boolean;
  /** Accept passwords found in breaches (Clerk's "reject compromised passwords" off). */
  disable_hibp: boolean;
}

export const DEFAULT_PASSWORD_SETTINGS: Readonly<PasswordSettings> = Object.freeze({
  required: true,
  min_length: 8,
  max_length: 72,
  require_uppercase: false,
  require_lowercase: false,
  require_numbers: false,
  require_special_char: false,
  disable_hibp: false,
});

/** The longest password: bcrypt reads 72 bytes, so no policy may allow more characters. */
export const PASSWORD_LENGTH_CEILING = 72;

/** The subset of OrganizationSettings the configuration may set (names as in the spec). */
export interface OrganizationConfig {
  enabled?: boolean;
  max_allowed_memberships?: number;
  max_allowed_roles?: number;
  max_allowed_domains?: number;
  creator_role?: string;
  admin_delete_enabled?: boolean;
  domains_enabled?: boolean;
  domains_enrollment_modes?: (
    'manual_invitation' | 'automatic_invitation' | 'automatic_suggestion'
  )[];
  domains_default_role?: string;
  slug_disabled?: boolean;
  /** Custom permissions, created or updated by key (not stored in the settings document). */
  permissions?: PermissionDefinition[];
  /** Roles, created or updated by key (not stored in the settings document). */
  roles?: RoleDefinition[];
}

/** A configuration as given (file and options merged): every field optional. */
export interface InstanceConfig {
  identifiers?: Partial<IdentifierSettings>;
  password_settings?: Partial<PasswordSettings>;
  sessions?: Partial<SessionSettings>;
  organization_settings?: OrganizationConfig;
}

export async function readIdentifierSettings(
  db: Kysely<Db>,
  instanceId: string,
): Promise<IdentifierSettings> {
  const saved = (await readInstanceSettings(db, instanceId)).identifiers;
  return { ...DEFAULT_IDENTIFIER_SETTINGS, ...(saved as Partial<IdentifierSettings> | undefined) };
}

/**
 * Refuses adding an identifier the instance has off (CreateEmailAddress, CreatePhoneNumber):
 * the same rule CreateUser applies, so no operation adds data no sign-in can use.
 */
export async function assertIdentifierEnabled(
  db: Kysely<Db>,
  instanceId: string,
  identifier: Identifier,
): Promise<void> {
  const modes = await readIdentifierSettings(db, instanceId);
  if (modes[identifier] === 'off') throw apiErrors.identifierDisabled(identifier);
}

export async function readPasswordSettings(
  db: Kysely<Db>,
  instanceId: string,
): Promise<PasswordSettings> {
  const saved = (await readInstanceSettings(db, instanceId)).password_settings;
  return { ...DEFAULT_PASSWORD_SETTINGS, ...(saved as Partial<PasswordSettings> | undefined) };
}

/** What CreateUser and UpdateUser obey: one read of the settings document for both. */
export async function readUserRules(
  db: Kysely<Db>,
  instanceId: string,
): Promise<{ identifiers: IdentifierSettings; password: PasswordSettings }> {
  const settings = await readInstanceSettings(db, instanceId);
  return {
    identifiers: {
      ...DEFAULT_IDENTIFIER_SETTINGS,
      ...(settings.identifiers as Partial<IdentifierSettings> | undefined),
    },
    password: {
      ...DEFAULT_PASSWORD_SETTINGS,
      ...(settings.password_settings as Partial<PasswordSettings> | undefined),
    },
  };
}

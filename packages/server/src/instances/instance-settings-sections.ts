import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { readInstanceSettings, type InstanceSettings } from './instance-settings.js';

/**
 * The sections of the settings document written by the Backend API's instance settings
 * operations (UpdateInstance, …Protect, …Communication, …OAuthApplicationSettings,
 * …OrganizationSettings, the beta UpdateInstanceAuthConfig). Each read merges what was
 * saved over Clerk's defaults, so a section never saved reads as the defaults.
 */

/** `UpdateInstance` (and `test_mode` of UpdateInstanceAuthConfig: the same setting). */
export interface InstanceSection {
  /** `undefined`: the environment's default (on for development, off for production). */
  test_mode?: boolean;
  hibp: boolean;
  support_email: string | null;
  clerk_js_version: string | null;
  development_origin: string | null;
  allowed_origins: string[] | null;
  /** `cookieless_dev` is its deprecated name. */
  url_based_session_syncing: boolean;
  preferred_sign_in_strategy_when_password_required: 'password' | 'otp';
}

export const DEFAULT_INSTANCE_SECTION: Readonly<InstanceSection> = Object.freeze({
  hibp: true,
  support_email: null,
  clerk_js_version: null,
  development_origin: null,
  allowed_origins: null,
  url_based_session_syncing: false,
  preferred_sign_in_strategy_when_password_required: 'password',
});

export interface ProtectSection {
  rules_enabled: boolean;
  specter_enabled: boolean;
}

export const DEFAULT_PROTECT: Readonly<ProtectSection> = Object.freeze({
  rules_enabled: false,
  specter_enabled: false,
});

export interface CommunicationSection {
  blocked_country_codes: string[];
}

export interface OAuthApplicationSection {
  dynamic_oauth_client_registration: boolean;
  /** `null`: Clerk's default scopes. */
  default_scopes: string[] | null;
  oauth_jwt_access_tokens: boolean;
  client_id_metadata_documents_advertised: boolean;
  client_id_metadata_documents_only_allow_pre_registered_clients: boolean;
  client_id_metadata_documents_block_implicitly_allowed_clients: boolean;
}

/** The scopes an OAuth application gets when the instance never chose its own. */
export const DEFAULT_OAUTH_SCOPES: readonly string[] = Object.freeze(['email', 'profile']);

export const DEFAULT_OAUTH_APPLICATIONS: Readonly<OAuthApplicationSection> = Object.freeze({
  dynamic_oauth_client_registration: false,
  default_scopes: null,
  oauth_jwt_access_tokens: false,
  client_id_metadata_documents_advertised: false,
  client_id_metadata_documents_only_allow_pre_registered_clients: false,
  client_id_metadata_documents_block_implicitly_allowed_clients: false,
});

export type EnrollmentMode = 'manual_invitation' | 'automatic_invitation' | 'automatic_suggestion';

/** What the organizations work obeys: read it with `readOrganizationSettings`. */
export interface OrganizationSettings {
  enabled: boolean;
  /** Members an organization may hold; 0 means unlimited (Clerk's convention). */
  max_allowed_memberships: number;
  max_allowed_roles: number;
  max_allowed_domains: number;
  /** The role key an organization's creator gets. */
  creator_role: string;
  /** Admins may delete their organization from the Frontend API. */
  admin_delete_enabled: boolean;
  domains_enabled: boolean;
  slug_disabled: boolean;
  domains_enrollment_modes: EnrollmentMode[];
  /** The role key of invitations and suggestions made from verified domains. */
  domains_default_role: string;
  initial_role_set_key: string | null;
}

/** Clerk's defaults for an application that never changed its organization settings. */
export const DEFAULT_ORGANIZATION_SETTINGS: Readonly<OrganizationSettings> = Object.freeze({
  enabled: false,
  max_allowed_memberships: 5,
  max_allowed_roles: 10,
  max_allowed_domains: 10,
  creator_role: 'org:admin',
  admin_delete_enabled: true,
  domains_enabled: false,
  slug_disabled: false,
  domains_enrollment_modes: [],
  domains_default_role: 'org:member',
  initial_role_set_key: null,
});

/** The beta `PATCH /beta_features/instance_settings` fields not stored elsewhere. */
export interface AuthConfigSection {
  from_email_address: string;
  progressive_sign_up: boolean;
}

export const DEFAULT_AUTH_CONFIG: Readonly<AuthConfigSection> = Object.freeze({
  from_email_address: 'notifications',
  progressive_sign_up: false,
});

/** The primary domain's own setting (its name is the instance's Frontend API host). */
export interface PrimaryDomainSection {
  is_secondary: boolean;
  /** Where the primary's Frontend API is reached through a proxy (production only). */
  proxy_url: string | null;
}

/** The sections, typed, each merged over its defaults. */
export interface SettingsSections {
  instance: InstanceSection;
  protect: ProtectSection;
  communication: CommunicationSection;
  oauth_applications: OAuthApplicationSection;
  organizations: OrganizationSettings;
  auth_config: AuthConfigSection;
  primary_domain: PrimaryDomainSection;
}

type Saved<K extends keyof SettingsSections> = Partial<SettingsSections[K]> | undefined;

/** Reads every section of a settings document over its defaults. */
export function sectionsOf(settings: InstanceSettings): SettingsSections {
  return {
    instance: { ...DEFAULT_INSTANCE_SECTION, ...(settings.instance as Saved<'instance'>) },
    protect: { ...DEFAULT_PROTECT, ...(settings.protect as Saved<'protect'>) },
    communication: {
      blocked_country_codes: [],
      ...(settings.communication as Saved<'communication'>),
    },
    oauth_applications: {
      ...DEFAULT_OAUTH_APPLICATIONS,
      ...(settings.oauth_applications as Saved<'oauth_applications'>),
    },
    organizations: {
      ...DEFAULT_ORGANIZATION_SETTINGS,
      ...(settings.organizations as Saved<'organizations'>),
    },
    auth_config: { ...DEFAULT_AUTH_CONFIG, ...(settings.auth_config as Saved<'auth_config'>) },
    primary_domain: {
      is_secondary: false,
      proxy_url: null,
      ...(settings.primary_domain as Saved<'primary_domain'>),
    },
  };
}

export async function readSettingsSections(
  db: Kysely<Db>,
  instanceId: string,
): Promise<SettingsSections> {
  return sectionsOf(await readInstanceSettings(db, instanceId));
}

/** The instance's organization settings, Clerk's defaults for whatever was never set. */
export async function readOrganizationSettings(
  db: Kysely<Db>,
  instanceId: string,
): Promise<OrganizationSettings> {
  return (await readSettingsSections(db, instanceId)).organizations;
}

/** Test mode: what was set, else on for development instances and off for production. */
export function testModeOf(
  section: InstanceSection,
  environment: 'development' | 'production',
): boolean {
  return section.test_mode ?? environment === 'development';
}

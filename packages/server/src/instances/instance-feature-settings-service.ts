import type { RequestBody, SuccessBody } from '@castellan/contract';
import { getCountries } from 'libphonenumber-js/max';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import {
  DEFAULT_OAUTH_SCOPES,
  readSettingsSections,
  type EnrollmentMode,
  type SettingsSections,
} from './instance-settings-sections.js';
import { parseCount, parseScopes } from './instance-settings-validation.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { runWrite } from '../platform/write.js';
import {
  applyOrganizationRoleSettings,
  initialRoleSetSettings,
} from '../roles/role-settings-service.js';
import { patchSection, writeSection } from './instance-settings-writes.js';

/** Protect, SMS communication, OAuth applications and organizations: read and patched alike. */

type Protect = SuccessBody<'GetInstanceProtect'>;
type Communication = SuccessBody<'GetInstanceCommunication'>;
type OAuthSettings = SuccessBody<'GetInstanceOAuthApplicationSettings'>;
type OrganizationSettingsBody = SuccessBody<'GetInstanceOrganizationSettings'>;

function protectOf({ protect }: SettingsSections): Protect {
  // Protect's prerequisite checks are never bypassed: nothing here can opt out of them.
  return { object: 'instance_protect', ...protect, checks_bypassed: false };
}

export async function getInstanceProtect(scope: Scope): Promise<Protect> {
  return protectOf(await readSettingsSections(scope.db, scope.instanceId));
}

export async function updateInstanceProtect(
  scope: Scope,
  input: RequestBody<'UpdateInstanceProtect'>,
): Promise<Protect> {
  return protectOf(
    await writeSection(scope, 'protect', {
      rules_enabled: input.rules_enabled ?? undefined,
      specter_enabled: input.specter_enabled ?? undefined,
    }),
  );
}

function communicationOf({ communication }: SettingsSections): Communication {
  return { object: 'instance_communication', ...communication };
}

export async function getInstanceCommunication(scope: Scope): Promise<Communication> {
  return communicationOf(await readSettingsSections(scope.db, scope.instanceId));
}

/** The regions with a telephone numbering plan (libphonenumber's): where an SMS can go. */
const SMS_COUNTRIES: ReadonlySet<string> = new Set(getCountries());

/**
 * `PATCH /v1/instance/communication`: replaces the SMS country blocklist; codes of no
 * numbering plan are dropped, as the spec says; an absent or null list changes nothing.
 */
export async function updateInstanceCommunication(
  scope: Scope,
  input: RequestBody<'UpdateInstanceCommunication'>,
): Promise<Communication> {
  const codes = input.blocked_country_codes;
  if (codes === null || codes === undefined) return getInstanceCommunication(scope);
  const blocked = [...new Set(codes)].filter((code) => SMS_COUNTRIES.has(code)).sort();
  return communicationOf(
    await writeSection(scope, 'communication', { blocked_country_codes: blocked }),
  );
}

function oauthOf({ oauth_applications: oauth }: SettingsSections): OAuthSettings {
  return {
    object: 'oauth_application_settings',
    ...oauth,
    default_scopes: oauth.default_scopes ?? [...DEFAULT_OAUTH_SCOPES],
  };
}

export async function getInstanceOAuthApplicationSettings(scope: Scope): Promise<OAuthSettings> {
  return oauthOf(await readSettingsSections(scope.db, scope.instanceId));
}

/** `PATCH /v1/instance/oauth_application_settings`; `default_scopes: null` resets the scopes. */
export async function updateInstanceOAuthApplicationSettings(
  scope: Scope,
  input: RequestBody<'UpdateInstanceOAuthApplicationSettings'>,
): Promise<OAuthSettings> {
  const scopes = input.default_scopes;
  return oauthOf(
    await writeSection(scope, 'oauth_applications', {
      dynamic_oauth_client_registration: input.dynamic_oauth_client_registration ?? undefined,
      // `null` resets to the defaults; it is stored so that it overrides an earlier choice.
      default_scopes:
        scopes === undefined ? undefined : scopes === null ? null : parseScopes(scopes),
      oauth_jwt_access_tokens: input.oauth_jwt_access_tokens ?? undefined,
      client_id_metadata_documents_advertised:
        input.client_id_metadata_documents_advertised ?? undefined,
      client_id_metadata_documents_only_allow_pre_registered_clients:
        input.client_id_metadata_documents_only_allow_pre_registered_clients ?? undefined,
      client_id_metadata_documents_block_implicitly_allowed_clients:
        input.client_id_metadata_documents_block_implicitly_allowed_clients ?? undefined,
    }),
  );
}

/**
 * The organization settings; `initial_role_set_key` and `creator_role` are read from the
 * initial role set itself (role set writes keep the document in step, this covers an
 * instance whose document was never written).
 */
async function organizationSettingsOf(
  db: Kysely<Db>,
  instanceId: string,
  { organizations }: SettingsSections,
): Promise<OrganizationSettingsBody> {
  return {
    object: 'organization_settings',
    ...organizations,
    ...(await initialRoleSetSettings(db, instanceId)),
  };
}

export async function getInstanceOrganizationSettings(
  scope: Scope,
): Promise<OrganizationSettingsBody> {
  return organizationSettingsOf(
    scope.db,
    scope.instanceId,
    await readSettingsSections(scope.db, scope.instanceId),
  );
}

const ENROLLMENT_MODES: ReadonlySet<string> = new Set<EnrollmentMode>([
  'manual_invitation',
  'automatic_invitation',
  'automatic_suggestion',
]);
/** Clerk counts memberships in a 32-bit field; 0 means unlimited. */
const MAX_MEMBERSHIPS = 2_147_483_647;

function parseEnrollmentModes(raw: readonly string[]): EnrollmentMode[] {
  const seen = new Set<string>();
  for (const mode of raw) {
    if (!ENROLLMENT_MODES.has(mode)) {
      throw apiErrors.paramValueInvalid(
        'domains_enrollment_modes',
        'accepts manual_invitation, automatic_invitation and automatic_suggestion',
      );
    }
    if (seen.has(mode)) throw apiErrors.duplicateValue('domains_enrollment_modes', mode);
    seen.add(mode);
  }
  return raw as EnrollmentMode[];
}

/**
 * `PATCH /v1/instance/organization_settings`, in one write. Roles are named by ID (unknown:
 * 404): `creator_role_id` becomes the initial role set's creator role (a role of that set
 * able to manage members and delete the organization), `domains_default_role_id` may be
 * any role of the instance; the settings store their keys (docs/behaviour.md).
 */
export async function updateInstanceOrganizationSettings(
  scope: Scope,
  input: RequestBody<'UpdateInstanceOrganizationSettings'>,
): Promise<OrganizationSettingsBody> {
  const memberships = input.max_allowed_memberships;
  const modes = input.domains_enrollment_modes;
  const patch = {
    enabled: input.enabled ?? undefined,
    max_allowed_memberships:
      typeof memberships === 'number'
        ? parseCount('max_allowed_memberships', memberships, 0, MAX_MEMBERSHIPS)
        : undefined,
    admin_delete_enabled: input.admin_delete_enabled ?? undefined,
    domains_enabled: input.domains_enabled ?? undefined,
    slug_disabled: input.slug_disabled ?? undefined,
    domains_enrollment_modes: modes === undefined ? undefined : parseEnrollmentModes(modes),
  };
  return runWrite(scope, async (tx) => {
    // The settings row first: the write that changes the initial set's creator role holds it.
    await patchSection(tx, 'organizations', {});
    const roles = await applyOrganizationRoleSettings(tx, {
      creatorRoleId: input.creator_role_id ?? undefined,
      domainsDefaultRoleId: input.domains_default_role_id ?? undefined,
    });
    const sections = await patchSection(tx, 'organizations', {
      ...patch,
      ...roles,
      ...(await initialRoleSetSettings(tx.db, tx.instanceId)),
    });
    return organizationSettingsOf(tx.db, tx.instanceId, sections);
  });
}

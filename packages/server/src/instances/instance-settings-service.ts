import type { RequestBody, SuccessBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope, ScopeInstance } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import {
  readInstanceRestrictions,
  writeRestrictionChanges,
} from '../restrictions/restriction-service.js';
import {
  readSettingsSections,
  testModeOf,
  type InstanceSection,
  type SettingsSections,
} from './instance-settings-sections.js';
import {
  parseAllowedOrigins,
  parseClerkJsVersion,
  parseOrigin,
  parseSupportEmail,
} from './instance-settings-validation.js';
import { patchSection } from './instance-settings-writes.js';

export {
  readOrganizationSettings,
  readSettingsSections,
  type SettingsSections,
} from './instance-settings-sections.js';
export { patchSection } from './instance-settings-writes.js';

/** `GET /v1/instance`. */
export async function getInstance(scope: Scope): Promise<SuccessBody<'GetInstance'>> {
  const { instance } = await readSettingsSections(scope.db, scope.instanceId);
  return {
    object: 'instance',
    id: scope.instanceId,
    environment_type: scope.instance.environment,
    allowed_origins: instance.allowed_origins,
    // Castellan has no workspaces: no application has an owner.
    workspace_id: null,
  };
}

/** A nullable string setting: `null` or `''` clears it, a string is parsed, absent keeps it. */
function clearable<T>(
  value: string | null | undefined,
  parse: (raw: string) => T,
): T | null | undefined {
  if (value === undefined) return undefined;
  return value === null || value === '' ? null : parse(value);
}

/** The `UpdateInstance` body as a patch of the instance section; throws on bad values. */
function instancePatch(input: RequestBody<'UpdateInstance'>): Partial<InstanceSection> {
  const { cookieless_dev: legacy, url_based_session_syncing: syncing } = input;
  if (typeof legacy === 'boolean' && typeof syncing === 'boolean' && legacy !== syncing) {
    throw apiErrors.paramsExclusive('cookieless_dev', 'a different url_based_session_syncing');
  }
  const strategy = input.preferred_sign_in_strategy_when_password_required;
  return {
    test_mode: input.test_mode ?? undefined,
    hibp: input.hibp ?? undefined,
    support_email: clearable(input.support_email, parseSupportEmail),
    clerk_js_version: clearable(input.clerk_js_version, parseClerkJsVersion),
    development_origin: clearable(input.development_origin, (raw) =>
      parseOrigin('development_origin', raw, true),
    ),
    // An empty list clears the setting: the answer shows `null`, as for an instance that never set it.
    allowed_origins:
      input.allowed_origins === undefined
        ? undefined
        : input.allowed_origins.length === 0
          ? null
          : parseAllowedOrigins(input.allowed_origins),
    url_based_session_syncing: syncing ?? legacy ?? undefined,
    preferred_sign_in_strategy_when_password_required:
      strategy === null || strategy === undefined
        ? undefined
        : strategy === ''
          ? 'password'
          : strategy,
  };
}

/** `PATCH /v1/instance`: applies what was sent (null keeps a boolean, clears a string); 204. */
export async function updateInstance(
  scope: Scope,
  input: RequestBody<'UpdateInstance'>,
): Promise<undefined> {
  const patch = instancePatch(input);
  await runWrite(scope, (tx) => patchSection(tx, 'instance', patch));
  return undefined;
}

/** Whether the instance is in test mode (its `test_mode`, else on for development). */
export async function readTestMode(db: Kysely<Db>, instance: ScopeInstance): Promise<boolean> {
  const { instance: section } = await readSettingsSections(db, instance.id);
  return testModeOf(section, instance.environment);
}

/**
 * Refuses an SMS to `phone` (E.164) when its country is on the instance's SMS country
 * blocklist (UpdateInstanceCommunication).
 */
export async function assertSmsCountryAllowed(
  db: Kysely<Db>,
  instanceId: string,
  phone: string,
): Promise<void> {
  const { blocked_country_codes: blocked } = (await readSettingsSections(db, instanceId))
    .communication;
  if (blocked.length === 0) return;
  const country = parsePhoneNumberFromString(phone)?.country;
  if (country !== undefined && blocked.includes(country))
    throw apiErrors.smsCountryBlocked(country);
}

type AuthConfig = SuccessBody<'UpdateInstanceAuthConfig'>;

function authConfigOf(
  instanceId: string,
  sections: SettingsSections,
  restrictedToAllowlist: boolean,
): AuthConfig {
  return {
    object: 'instance_settings',
    id: instanceId,
    restricted_to_allowlist: restrictedToAllowlist,
    from_email_address: sections.auth_config.from_email_address,
    progressive_sign_up: sections.auth_config.progressive_sign_up,
    // Castellan sends email through its own transport; there is no legacy delivery path.
    enhanced_email_deliverability: false,
  };
}

/** The local part of an address: letters and digits, as Clerk's field says. */
const LOCAL_PART = /^[A-Za-z0-9]{1,64}$/;

/**
 * `PATCH /v1/beta_features/instance_settings`: `restricted_to_allowlist` is the
 * restrictions' `allowlist`, `test_mode` the instance's test mode; the others are stored in
 * their own section. One write for all of them. Only the fields the client sent change: the
 * spec's `default: false` of `restricted_to_allowlist`, filled in by validation, must not
 * turn the allowlist off when another field is patched.
 */
export async function updateInstanceAuthConfig(
  scope: Scope,
  input: RequestBody<'UpdateInstanceAuthConfig'>,
  sent: ReadonlySet<string>,
): Promise<AuthConfig> {
  const from = input.from_email_address;
  if (typeof from === 'string' && !LOCAL_PART.test(from)) {
    throw apiErrors.paramFormatInvalid(
      'from_email_address',
      'must be the local part of an address (letters and digits only), e.g. notifications',
    );
  }
  return runWrite(scope, async (tx) => {
    const allowlist = input.restricted_to_allowlist;
    const restrictions =
      sent.has('restricted_to_allowlist') && typeof allowlist === 'boolean'
        ? await writeRestrictionChanges(tx, { allowlist })
        : await readInstanceRestrictions(tx.db, tx.instanceId);
    if (typeof input.test_mode === 'boolean') {
      await patchSection(tx, 'instance', { test_mode: input.test_mode });
    }
    const sections = await patchSection(tx, 'auth_config', {
      from_email_address: from ?? undefined,
      progressive_sign_up: input.progressive_sign_up ?? undefined,
    });
    return authConfigOf(tx.instanceId, sections, restrictions.allowlist);
  });
}

import {
  readUserRules,
  type IdentifierMode,
  type PasswordSettings,
} from '../instances/instance-config.js';
import {
  readInstanceName,
  readSessionSettings,
  readUserLockoutSettings,
} from '../instances/instance-settings.js';
import { readSettingsSections } from '../instances/instance-settings-service.js';
import { testModeOf } from '../instances/instance-settings-sections.js';
import { readInstanceRestrictions } from '../restrictions/restriction-service.js';
import type { FapiContext } from './fapi-context.js';
import { signUpRequirementsOf } from './sign-ups/sign-up-requirements.js';

/**
 * `GET /v1/environment`: what clerk-js and @clerk/ui build their forms from, derived from the
 * same settings the flows enforce: the identifiers and password rules CreateUser obeys (and
 * the sign-up requirements the flows compute from them), the session mode, the lockout, the
 * restrictions and the organization settings. No captcha, no social or enterprise
 * connections (Castellan serves none to browsers), no commerce.
 */

type Attribute = ReturnType<typeof attribute>;

function attribute(
  enabled: boolean,
  required: boolean,
  factors: {
    first?: string[];
    second?: string[];
    verifications?: string[];
    /** Typed into the sign-in form's identifier field (email, phone, username). */
    identifier?: boolean;
  } = {},
) {
  const first = enabled ? (factors.first ?? []) : [];
  const second = enabled ? (factors.second ?? []) : [];
  const verifications = enabled ? (factors.verifications ?? []) : [];
  return {
    enabled,
    required: enabled && required,
    used_for_first_factor: enabled && (factors.identifier ?? false),
    first_factors: first,
    used_for_second_factor: second.length > 0,
    second_factors: second,
    verifications,
    verify_at_sign_up: verifications.length > 0,
    immutable: false,
  };
}

function attributesOf(
  required: string[],
  modes: Record<string, IdentifierMode>,
  password: PasswordSettings,
) {
  const on = (id: string) => modes[id] !== 'off';
  const isRequired = (id: string) => required.includes(id);
  const attributes: Record<string, Attribute> = {
    email_address: attribute(on('email_address'), isRequired('email_address'), {
      first: ['email_code', ...(password.required ? ['reset_password_email_code'] : [])],
      verifications: ['email_code'],
      identifier: true,
    }),
    phone_number: attribute(on('phone_number'), isRequired('phone_number'), {
      first: ['phone_code', ...(password.required ? ['reset_password_phone_code'] : [])],
      verifications: ['phone_code'],
      identifier: true,
    }),
    // A username identifies the account; the password proves it.
    username: attribute(on('username'), isRequired('username'), { identifier: true }),
    web3_wallet: attribute(false, false),
    first_name: attribute(true, false),
    last_name: attribute(true, false),
    // clerk-js reads `password.enabled` as "password based"; it is no identifier to type.
    password: attribute(true, password.required),
    authenticator_app: attribute(true, false, { second: ['totp'] }),
    backup_code: attribute(true, false, { second: ['backup_code'] }),
    passkey: attribute(false, false),
    ticket: attribute(false, false),
  };
  return attributes;
}

const ALLOWED_SPECIAL_CHARACTERS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export async function environmentOf(ctx: FapiContext) {
  const { db, instanceId, instance } = ctx.scope;
  const [rules, sessions, lockout, sections, restrictions, name] = await Promise.all([
    readUserRules(db, instanceId),
    readSessionSettings(db, instanceId),
    readUserLockoutSettings(db, instanceId),
    readSettingsSections(db, instanceId),
    readInstanceRestrictions(db, instanceId),
    readInstanceName(db, instanceId),
  ]);
  const requirements = signUpRequirementsOf(rules);
  const password = rules.password;
  const organizations = sections.organizations;
  const settings = sections.instance;
  const idSuffix = instanceId.replace(/^ins_/, '');
  const attributes = attributesOf(requirements.required, requirements.identifiers, password);
  // The legacy `auth_config` fields (`on`/`off`/`required` per field) the spec still lists.
  const mode = (name: string) => {
    const a = attributes[name]!;
    return !a.enabled ? 'off' : a.required ? 'required' : 'on';
  };
  const identifiers = ['email_address', 'phone_number', 'username'].filter(
    (name) => attributes[name]!.used_for_first_factor,
  );
  return {
    auth_config: {
      object: 'auth_config',
      id: `aac_${idSuffix}`,
      first_name: mode('first_name'),
      last_name: mode('last_name'),
      email_address: mode('email_address'),
      phone_number: mode('phone_number'),
      username: mode('username'),
      password: mode('password'),
      identification_requirements: [requirements.required.filter((f) => f !== 'password')],
      identification_strategies: identifiers,
      first_factors: [...new Set(Object.values(attributes).flatMap((a) => a.first_factors))],
      second_factors: ['totp', 'backup_code'],
      email_address_verification_strategies: attributes.email_address!.verifications,
      single_session_mode: !sessions.multi_session,
      enhanced_email_deliverability: false,
      test_mode: testModeOf(settings, instance.environment),
      url_based_session_syncing: settings.url_based_session_syncing,
      claimed_at: null,
      reverification: false,
      native_settings: {
        object: 'native_settings',
        api_enabled: false,
        trusted_device_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_up_enabled: false,
      },
    },
    display_config: {
      object: 'display_config',
      id: `display_config_${idSuffix}`,
      instance_environment_type: instance.environment,
      application_name: name,
      theme: {},
      preferred_sign_in_strategy: settings.preferred_sign_in_strategy_when_password_required,
      logo_image_url: null,
      favicon_image_url: null,
      home_url: '',
      sign_in_url: '',
      sign_up_url: '',
      user_profile_url: '',
      waitlist_url: '',
      oauth_consent_url: '',
      after_sign_in_url: '',
      after_sign_up_url: '',
      after_sign_out_one_url: '',
      after_sign_out_all_url: '',
      after_switch_session_url: '',
      after_join_waitlist_url: '',
      organization_profile_url: '',
      create_organization_url: '',
      after_leave_organization_url: '',
      after_create_organization_url: '',
      logo_link_url: '',
      support_email: settings.support_email,
      branded: false,
      experimental_force_oauth_first: false,
      clerk_js_version: settings.clerk_js_version,
      show_devmode_warning: false,
      google_one_tap_client_id: null,
      help_url: null,
      privacy_policy_url: null,
      terms_url: null,
      logo_url: null,
      favicon_url: null,
      logo_image: null,
      favicon_image: null,
      // No captcha: clerk-js then loads no Turnstile.
      captcha_public_key: null,
      captcha_widget_type: null,
      captcha_public_key_invisible: null,
      captcha_provider: null,
      captcha_oauth_bypass: [],
      captcha_heartbeat: false,
    },
    user_settings: {
      attributes,
      social: {},
      saml: { enabled: false },
      enterprise_sso: { enabled: false, self_serve_sso: false },
      sign_in: { second_factor: { required: false } },
      sign_up: {
        captcha_enabled: false,
        captcha_widget_type: 'smart',
        custom_action_required: false,
        progressive: sections.auth_config.progressive_sign_up,
        mode: 'public',
        legal_consent_enabled: false,
      },
      restrictions: {
        allowlist: { enabled: restrictions.allowlist },
        blocklist: { enabled: restrictions.blocklist },
        allowlist_blocklist_disabled_on_sign_in: {
          enabled: restrictions.allowlist_blocklist_disabled_on_sign_in,
        },
        block_email_subaddresses: { enabled: restrictions.block_email_subaddresses },
        block_disposable_email_domains: { enabled: restrictions.block_disposable_email_domains },
      },
      password_settings: {
        disable_hibp: password.disable_hibp,
        disable_password_reverification: true,
        min_length: password.min_length,
        max_length: password.max_length,
        require_special_char: password.require_special_char,
        require_numbers: password.require_numbers,
        require_uppercase: password.require_uppercase,
        require_lowercase: password.require_lowercase,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
        enforce_hibp_on_sign_in: false,
        allowed_special_characters: ALLOWED_SPECIAL_CHARACTERS,
      },
      username_settings: {
        min_length: 4,
        max_length: 64,
        allow_extended_special_characters: false,
        allow_numeric_usernames: true,
      },
      actions: {
        delete_self: true,
        create_organization: organizations.enabled,
        create_organizations_limit: null,
      },
      attack_protection: {
        user_lockout: {
          enabled: lockout.enabled,
          max_attempts: lockout.max_attempts,
          duration_in_minutes: lockout.duration_in_minutes,
        },
        pii: { enabled: true },
        email_link: { require_same_client: false },
        enumeration_protection: { enabled: false },
      },
      passkey_settings: {
        allow_autofill: false,
        show_sign_in_button: false,
        satisfies_second_factor: false,
      },
    },
    organization_settings: {
      enabled: organizations.enabled,
      max_allowed_memberships: organizations.max_allowed_memberships,
      actions: { admin_delete: organizations.admin_delete_enabled },
      domains: {
        enabled: organizations.domains_enabled,
        enrollment_modes: organizations.domains_enrollment_modes,
        default_role: organizations.domains_default_role,
      },
      slug: { disabled: organizations.slug_disabled },
      creator_role: organizations.creator_role,
    },
    maintenance_mode: false,
    client_debug_mode: false,
  };
}

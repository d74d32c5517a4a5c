import { readFileSync } from 'node:fs';
import type { InstanceConfig } from './instance-config.js';
import {
  CONFIG_SCHEMA,
  InstanceConfigError,
  validateInstanceConfig,
  type FieldSpec,
} from './instance-config-schema.js';

type Section = keyof InstanceConfig;

/** A configuration key that has a CLI option and an environment variable of its own. */
interface ConfigOption {
  flag: string;
  section: Section;
  key: string;
  /** What the value is, for the help (`SECONDS`, `MODE`…). */
  arg: string;
}

const option = (flag: string, section: Section, key: string, arg: string): ConfigOption => ({
  flag,
  section,
  key,
  arg,
});

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  option('identifier-email-address', 'identifiers', 'email_address', 'MODE'),
  option('identifier-phone-number', 'identifiers', 'phone_number', 'MODE'),
  option('identifier-username', 'identifiers', 'username', 'MODE'),
  option('identifier-web3-wallet', 'identifiers', 'web3_wallet', 'MODE'),
  option('password-required', 'password_settings', 'required', 'BOOL'),
  option('password-min-length', 'password_settings', 'min_length', 'N'),
  option('password-max-length', 'password_settings', 'max_length', 'N'),
  option('password-require-uppercase', 'password_settings', 'require_uppercase', 'BOOL'),
  option('password-require-lowercase', 'password_settings', 'require_lowercase', 'BOOL'),
  option('password-require-numbers', 'password_settings', 'require_numbers', 'BOOL'),
  option('password-require-special-char', 'password_settings', 'require_special_char', 'BOOL'),
  option('password-disable-hibp', 'password_settings', 'disable_hibp', 'BOOL'),
  option('session-lifetime', 'sessions', 'lifetime_seconds', 'SECONDS'),
  option('session-inactivity-timeout', 'sessions', 'inactivity_timeout_seconds', 'SECONDS|none'),
  option('multi-session', 'sessions', 'multi_session', 'BOOL'),
  option('token-lifetime', 'sessions', 'token_lifetime_seconds', 'SECONDS'),
  option('organizations-enabled', 'organization_settings', 'enabled', 'BOOL'),
  option('max-allowed-memberships', 'organization_settings', 'max_allowed_memberships', 'N'),
  option('organization-creator-role', 'organization_settings', 'creator_role', 'ROLE'),
  option('organization-admin-delete', 'organization_settings', 'admin_delete_enabled', 'BOOL'),
];

export const envNameOf = (flag: string) => `CASTELLAN_${flag.toUpperCase().replaceAll('-', '_')}`;

/** The parseArgs specs of `--config` and every configuration option. */
export const CONFIG_OPTION_SPECS: Record<string, { type: 'string' }> = Object.fromEntries([
  ['config', { type: 'string' }],
  ...CONFIG_OPTIONS.map((o) => [o.flag, { type: 'string' }] as const),
]);

/** The help's lines for the configuration options; `withEnv` adds their variables (serve). */
export function configOptionsHelp(withEnv: boolean): string {
  const line = (flag: string, env: string, what: string) =>
    `  ${flag}`.padEnd(46) + (withEnv ? `${env}`.padEnd(42) : '') + what;
  return [
    line('--config FILE', 'CASTELLAN_CONFIG', 'a JSON file of these settings'),
    ...CONFIG_OPTIONS.map((o) =>
      line(`--${o.flag} ${o.arg}`, envNameOf(o.flag), `${o.section}.${o.key}`),
    ),
    '  MODE: required, optional or off; BOOL: true or false (1 or 0). docs/configuration.md',
    '',
  ].join('\n');
}

/** An option's text as the JSON value its key holds; wrong text keeps its text (then refused). */
function parseOptionText(spec: FieldSpec, text: string): unknown {
  switch (spec.kind) {
    case 'boolean':
      return text === 'true' || text === '1'
        ? true
        : text === 'false' || text === '0'
          ? false
          : text;
    case 'integer':
      if (spec.nullable && (text === 'none' || text === 'null')) return null;
      return /^\d{1,15}$/.test(text) ? Number(text) : text;
    case 'enum-list':
      return text === '' ? [] : text.split(',').map((v) => v.trim());
    default:
      return text;
  }
}

function readConfigFile(file: string, source: string): InstanceConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InstanceConfigError(`${source}: cannot read ${file} (${reason})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InstanceConfigError(`${file}: not JSON (${(error as Error).message})`);
  }
  return validateInstanceConfig(document, file);
}

function setField(config: InstanceConfig, section: Section, key: string, value: unknown): void {
  (config[section] as Record<string, unknown> | undefined) ??= {} as never;
  (config[section] as Record<string, unknown>)[key] = value;
}

/**
 * The configuration from `--config`/`CASTELLAN_CONFIG`, then the environment variables,
 * then the options, each later one winning key by key. Every value is checked strictly.
 */
export function readInstanceConfigOptions(
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): InstanceConfig {
  const file = values.config ?? (env.CASTELLAN_CONFIG || undefined);
  const config: InstanceConfig =
    typeof file === 'string'
      ? structuredClone(readConfigFile(file, values.config ? '--config' : 'CASTELLAN_CONFIG'))
      : {};
  for (const source of ['env', 'flag'] as const) {
    for (const o of CONFIG_OPTIONS) {
      const name = source === 'env' ? envNameOf(o.flag) : `--${o.flag}`;
      const text = source === 'env' ? env[envNameOf(o.flag)] || undefined : values[o.flag];
      if (typeof text !== 'string') continue;
      const spec = CONFIG_SCHEMA[o.section][o.key]!;
      const value = parseOptionText(spec, text);
      validateInstanceConfig({ [o.section]: { [o.key]: value } }, name);
      setField(config, o.section, o.key, value);
    }
  }
  return config;
}

import { permissionDefinitionsProblem, roleDefinitionsProblem } from '../roles/role-definitions.js';
import { IDENTIFIERS, PASSWORD_LENGTH_CEILING, type InstanceConfig } from './instance-config.js';

/** A configuration refused at start or by a command: the message names the source and key. */
export class InstanceConfigError extends Error {}

export type FieldSpec =
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number; nullable?: true }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'enum-list'; values: readonly string[] }
  | { kind: 'role' }
  /** A list checked by `check`, which says what is wrong (organization roles, permissions). */
  | { kind: 'definitions'; what: string; check: (value: unknown) => string | undefined };

const TEN_YEARS = 10 * 365 * 24 * 60 * 60;
const INT32 = 2_147_483_647;
const IDENTIFIER_MODE = { kind: 'enum', values: ['required', 'optional', 'off'] } as const;
const ROLE_KEY = /^[A-Za-z0-9:_-]{1,64}$/;

/** Every key a configuration may hold, by section: anything else is refused. */
export const CONFIG_SCHEMA: Record<keyof InstanceConfig, Record<string, FieldSpec>> = {
  identifiers: Object.fromEntries(IDENTIFIERS.map((id) => [id, IDENTIFIER_MODE])),
  password_settings: {
    required: { kind: 'boolean' },
    min_length: { kind: 'integer', min: 1, max: PASSWORD_LENGTH_CEILING },
    max_length: { kind: 'integer', min: 1, max: PASSWORD_LENGTH_CEILING },
    require_uppercase: { kind: 'boolean' },
    require_lowercase: { kind: 'boolean' },
    require_numbers: { kind: 'boolean' },
    require_special_char: { kind: 'boolean' },
    disable_hibp: { kind: 'boolean' },
  },
  sessions: {
    lifetime_seconds: { kind: 'integer', min: 60, max: TEN_YEARS },
    inactivity_timeout_seconds: { kind: 'integer', min: 60, max: TEN_YEARS, nullable: true },
    multi_session: { kind: 'boolean' },
    token_lifetime_seconds: { kind: 'integer', min: 30, max: TEN_YEARS },
  },
  organization_settings: {
    enabled: { kind: 'boolean' },
    max_allowed_memberships: { kind: 'integer', min: 0, max: INT32 },
    max_allowed_roles: { kind: 'integer', min: 0, max: INT32 },
    max_allowed_domains: { kind: 'integer', min: 0, max: INT32 },
    creator_role: { kind: 'role' },
    admin_delete_enabled: { kind: 'boolean' },
    domains_enabled: { kind: 'boolean' },
    domains_enrollment_modes: {
      kind: 'enum-list',
      values: ['manual_invitation', 'automatic_invitation', 'automatic_suggestion'],
    },
    domains_default_role: { kind: 'role' },
    slug_disabled: { kind: 'boolean' },
    permissions: {
      kind: 'definitions',
      what: 'a list of custom permissions { key, name, description }',
      check: permissionDefinitionsProblem,
    },
    roles: {
      kind: 'definitions',
      what: 'a list of roles { key, name, description, permissions }',
      check: roleDefinitionsProblem,
    },
  },
};

export function describeField(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer from ${spec.min} to ${spec.max}${spec.nullable ? ', or null' : ''}`;
    case 'enum':
      return spec.values.join(', ');
    case 'enum-list':
      return `a list of ${spec.values.join(', ')}`;
    case 'role':
      return 'a role key (1 to 64 letters, digits, :, _ or -, e.g. org:admin)';
    case 'definitions':
      return spec.what;
  }
}

function fieldAccepts(spec: FieldSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return (
        (value === null && spec.nullable === true) ||
        (Number.isSafeInteger(value) &&
          (value as number) >= spec.min &&
          (value as number) <= spec.max)
      );
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
    case 'enum-list':
      return (
        Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && spec.values.includes(v)) &&
        new Set(value).size === value.length
      );
    case 'role':
      return typeof value === 'string' && ROLE_KEY.test(value);
    case 'definitions':
      return spec.check(value) === undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a configuration document strictly: only known sections and keys, each of its
 * type and range. `source` starts each message (`config.json: sessions.lifetime_seconds: …`).
 */
export function validateInstanceConfig(document: unknown, source: string): InstanceConfig {
  if (!isObject(document)) throw new InstanceConfigError(`${source}: expected a JSON object`);
  for (const [section, fields] of Object.entries(document)) {
    const schema = CONFIG_SCHEMA[section as keyof InstanceConfig] as
      Record<string, FieldSpec> | undefined;
    if (!schema || !Object.hasOwn(CONFIG_SCHEMA, section))
      throw new InstanceConfigError(
        `${source}: unknown section ${JSON.stringify(section)} (expected ${Object.keys(CONFIG_SCHEMA).join(', ')})`,
      );
    if (!isObject(fields))
      throw new InstanceConfigError(`${source}: ${section}: expected an object`);
    for (const [key, value] of Object.entries(fields)) {
      const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
      if (!spec)
        throw new InstanceConfigError(
          `${source}: unknown key ${section}.${key} (expected ${Object.keys(schema).join(', ')})`,
        );
      if (spec.kind === 'definitions') {
        const problem = spec.check(value);
        if (problem !== undefined)
          throw new InstanceConfigError(
            `${source}: ${section}.${key} must be ${spec.what} (${problem})`,
          );
      } else if (!fieldAccepts(spec, value))
        throw new InstanceConfigError(
          `${source}: ${section}.${key} must be ${describeField(spec)}, not ${JSON.stringify(value)}`,
        );
    }
  }
  return document as InstanceConfig;
}

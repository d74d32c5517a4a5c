import type { Database } from '../db/database.js';
import { runWriteAt } from '../platform/write.js';
import { applyRoleConfig, RoleConfigError } from '../roles/role-config.js';
import {
  DEFAULT_IDENTIFIER_SETTINGS,
  DEFAULT_PASSWORD_SETTINGS,
  IDENTIFIERS,
  type InstanceConfig,
} from './instance-config.js';
import { InstanceConfigError } from './instance-config-schema.js';
import { updateInstanceSettings, type InstanceSettings } from './instance-settings.js';
import { findInstanceById } from './instance-store.js';

function mergeSection(
  current: unknown,
  given: object | undefined,
): Record<string, unknown> | undefined {
  if (!given) return current as Record<string, unknown> | undefined;
  return { ...(current as Record<string, unknown> | undefined), ...given };
}

/**
 * The settings document with the configuration applied key by key: what the configuration
 * sets replaces the stored value, what it does not set keeps it (the default, unless the
 * Backend API or an earlier configuration changed it). Rules across keys are checked on
 * the result, so a file cannot leave an instance where no user could be created.
 */
export function applyInstanceConfig(
  current: InstanceSettings,
  config: InstanceConfig,
): InstanceSettings {
  const next: InstanceSettings = { ...current };
  for (const section of ['identifiers', 'password_settings', 'sessions'] as const) {
    const merged = mergeSection(current[section], config[section]);
    if (merged) next[section] = merged;
  }
  // `organization_settings` is the document's `organizations` section, the one the Backend
  // API's organization settings read and write (earlier versions saved it under its own
  // name, where nothing read it: folded in here). Roles and permissions live in tables.
  const { permissions: _p, roles: _r, ...organizations } = config.organization_settings ?? {};
  const legacy = current.organization_settings as object | undefined;
  delete next.organization_settings;
  const merged = mergeSection(
    legacy
      ? { ...legacy, ...(current.organizations as object | undefined) }
      : current.organizations,
    config.organization_settings ? organizations : undefined,
  );
  if (merged) next.organizations = merged;
  const identifiers = { ...DEFAULT_IDENTIFIER_SETTINGS, ...(next.identifiers as object) };
  if (IDENTIFIERS.every((id) => identifiers[id] === 'off'))
    throw new InstanceConfigError(
      'identifiers: at least one of email_address, phone_number, username, web3_wallet must not be off',
    );
  const password = { ...DEFAULT_PASSWORD_SETTINGS, ...(next.password_settings as object) };
  if (password.min_length > password.max_length)
    throw new InstanceConfigError(
      `password_settings: min_length (${password.min_length}) is more than max_length (${password.max_length})`,
    );
  return next;
}

/** Applies a configuration to a stored instance, in one write (the settings row locked). */
export async function configureInstance(
  database: Database,
  instanceId: string,
  config: InstanceConfig,
): Promise<InstanceSettings> {
  if (!(await findInstanceById(database.db, instanceId)))
    throw new InstanceConfigError(`No instance ${instanceId}.`);
  const now = Date.now();
  try {
    const target = { db: database.db, dialect: database.adapter, instanceId, request: undefined };
    return await runWriteAt(target, now, async (tx) => {
      const settings = await updateInstanceSettings(tx, (current) =>
        applyInstanceConfig(current, config),
      );
      const organizations = config.organization_settings;
      if (!organizations) return settings;
      await applyRoleConfig(tx, {
        permissions: organizations.permissions,
        roles: organizations.roles,
        creatorRole: organizations.creator_role,
      });
      return settings;
    });
  } catch (error) {
    if (error instanceof RoleConfigError) throw new InstanceConfigError(error.message);
    throw error;
  }
}

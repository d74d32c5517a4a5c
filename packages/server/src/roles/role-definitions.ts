/**
 * Roles and custom permissions as an instance's configuration defines them
 * (`organization_settings.roles`, `organization_settings.permissions`, docs/configuration.md):
 * Clerk's Backend API has no role operations (roles are made in the dashboard), so here they
 * are made by configuration. This module checks their shape; role-config.ts applies them.
 */

export interface PermissionDefinition {
  key: string;
  name: string;
  description?: string;
}

export interface RoleDefinition {
  key: string;
  name: string;
  description?: string | null;
  /** Keys of system or custom permissions the role grants. */
  permissions?: string[];
}

const PERMISSION_KEY = /^org:[a-z0-9_]+:[a-z0-9_]+$/;
const ROLE_KEY = /^org:[a-z0-9_]+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isName = (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= 256;
const isDescription = (v: unknown) => typeof v === 'string' && v.length <= 1024;

/** Why a list of permission definitions is refused, or undefined when it is fine. */
export function permissionDefinitionsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'a list of permissions';
  const seen = new Set<string>();
  for (const [i, item] of value.entries()) {
    const at = `item ${i}`;
    if (!isObject(item)) return `${at}: an object with key, name and description`;
    const extra = Object.keys(item).find((k) => !['key', 'name', 'description'].includes(k));
    if (extra) return `${at}: unknown key ${extra}`;
    if (typeof item.key !== 'string' || !PERMISSION_KEY.test(item.key)) {
      return `${at}: key must look like org:<feature>:<action>`;
    }
    if (item.key.startsWith('org:sys_'))
      return `${at}: org:sys_ keys are Clerk's system permissions`;
    if (seen.has(item.key)) return `${at}: ${item.key} is listed twice`;
    seen.add(item.key);
    if (!isName(item.name)) return `${at}: name must be 1 to 256 characters`;
    if (item.description !== undefined && !isDescription(item.description)) {
      return `${at}: description must be a string of at most 1024 characters`;
    }
  }
  return undefined;
}

/** Why a list of role definitions is refused, or undefined when it is fine. */
export function roleDefinitionsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'a list of roles';
  const seen = new Set<string>();
  for (const [i, item] of value.entries()) {
    const at = `item ${i}`;
    if (!isObject(item)) return `${at}: an object with key, name, description and permissions`;
    const extra = Object.keys(item).find(
      (k) => !['key', 'name', 'description', 'permissions'].includes(k),
    );
    if (extra) return `${at}: unknown key ${extra}`;
    if (typeof item.key !== 'string' || !ROLE_KEY.test(item.key) || item.key.length > 64) {
      return `${at}: key must look like org:<name> (lowercase letters, digits, underscores)`;
    }
    if (seen.has(item.key)) return `${at}: ${item.key} is listed twice`;
    seen.add(item.key);
    if (!isName(item.name)) return `${at}: name must be 1 to 256 characters`;
    if (item.description !== undefined && item.description !== null) {
      if (!isDescription(item.description)) {
        return `${at}: description must be a string of at most 1024 characters`;
      }
    }
    const permissions = item.permissions;
    if (permissions !== undefined) {
      if (
        !Array.isArray(permissions) ||
        !permissions.every((p) => typeof p === 'string' && PERMISSION_KEY.test(p))
      ) {
        return `${at}: permissions must be a list of permission keys`;
      }
      if (new Set(permissions).size !== permissions.length) {
        return `${at}: permissions lists a key twice`;
      }
    }
  }
  return undefined;
}

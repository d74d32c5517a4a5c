import { MANAGE_MEMBERS_PERMISSION } from './default-roles.js';
import { apiErrors } from '../errors/api-errors.js';

/** `org:<feature>:<action>`: lowercase letters, digits and underscores in each segment. */
const PERMISSION_KEY = /^org:[a-z0-9_]+:[a-z0-9_]+$/;
/** `role_set:` then lowercase letters, digits and underscores. */
const ROLE_SET_KEY = /^role_set:[a-z0-9_]+$/;
/** `org:<name>`: a role key as the dashboard makes them. */
export const ROLE_KEY = /^org:[a-z0-9_]+$/;
const MAX_KEY_LENGTH = 128;
const MAX_NAME_LENGTH = 256;
const MAX_DESCRIPTION_LENGTH = 1024;

/** The permissions a role needs to be a creator role (Clerk's "Reassign the Creator role"). */
export const CREATOR_PERMISSIONS: readonly string[] = [
  MANAGE_MEMBERS_PERMISSION,
  'org:sys_memberships:read',
  'org:sys_profile:delete',
];

export function isCreatorEligible(permissionKeys: readonly string[]): boolean {
  return CREATOR_PERMISSIONS.every((key) => permissionKeys.includes(key));
}

/** A custom permission's key: the format, and not in the system namespace `org:sys_`. */
export function parsePermissionKey(raw: string): string {
  if (!PERMISSION_KEY.test(raw) || raw.length > MAX_KEY_LENGTH) {
    throw apiErrors.permissionKeyInvalid(raw);
  }
  if (raw.startsWith('org:sys_')) throw apiErrors.permissionKeyReserved(raw);
  return raw;
}

export function parseRoleSetKey(raw: string): string {
  if (!ROLE_SET_KEY.test(raw) || raw.length > MAX_KEY_LENGTH)
    throw apiErrors.roleSetKeyInvalid(raw);
  return raw;
}

/** A role set key made from its name: `Sales Team` → `role_set:sales_team`. */
export function roleSetKeyFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
  return `role_set:${base || 'role_set'}`;
}

/** A name: trimmed, 1–256 characters. */
export function parseName(raw: string, param = 'name'): string {
  const name = raw.trim();
  if (name.length === 0) throw apiErrors.paramMissing(param);
  if (name.length > MAX_NAME_LENGTH) {
    throw apiErrors.paramValueInvalid(param, `must be at most ${MAX_NAME_LENGTH} characters`);
  }
  return name;
}

/** A description: trimmed, at most 1024 characters. */
export function parseDescription(raw: string, param = 'description'): string {
  const description = raw.trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw apiErrors.paramValueInvalid(
      param,
      `must be at most ${MAX_DESCRIPTION_LENGTH} characters`,
    );
  }
  return description;
}

/** A list of keys: no repeats, `min`..`max` of them. */
export function parseKeyList(raw: readonly string[], param: string, max: number): string[] {
  if (raw.length === 0) throw apiErrors.paramMissing(param);
  if (raw.length > max) throw apiErrors.tooManyValues(param, String(max));
  const seen = new Set<string>();
  for (const key of raw) {
    if (seen.has(key)) throw apiErrors.duplicateValue(param, key);
    seen.add(key);
  }
  return [...raw];
}

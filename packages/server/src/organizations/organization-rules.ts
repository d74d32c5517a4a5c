import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { readOrganizationSettings } from '../instances/instance-settings-service.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_NAME_LENGTH = 256;

/**
 * Organizations must be enabled in the instance's settings (Clerk's default: off): 403, or
 * 400 (`status: 400`) for the operations whose spec declares no 403 (docs/behaviour.md).
 */
export async function assertOrganizationsEnabled(
  db: Kysely<Db>,
  instanceId: string,
  status: 403 | 400 = 403,
) {
  const settings = await readOrganizationSettings(db, instanceId);
  if (!settings.enabled) {
    throw status === 403
      ? apiErrors.organizationsNotEnabled()
      : apiErrors.organizationsNotEnabledHere();
  }
  return settings;
}

/** A name: trimmed, 1–256 characters, no URL and no HTML (as Clerk refuses them). */
export function parseOrganizationName(raw: string, param = 'name'): string {
  const name = raw.trim();
  if (name.length === 0) throw apiErrors.paramMissing(param);
  if (name.length > MAX_NAME_LENGTH) {
    throw apiErrors.paramValueInvalid(param, `must be at most ${MAX_NAME_LENGTH} characters`);
  }
  if (/[<>]|https?:\/\/|www\./i.test(name)) {
    throw apiErrors.paramValueInvalid(param, 'may not contain URLs or HTML');
  }
  return name;
}

/** A given slug: lowercase letters, digits and single dashes between them. */
export function parseSlug(raw: string): string {
  if (!SLUG.test(raw) || raw.length > MAX_NAME_LENGTH) throw apiErrors.organizationSlugInvalid(raw);
  return raw;
}

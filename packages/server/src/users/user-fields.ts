import { apiErrors } from '../errors/api-errors.js';

/** The largest `create_organizations_limit`: it is stored as a 32-bit integer. */
export const MAX_ORGANIZATIONS_LIMIT = 2_147_483_647;

/** `create_organizations_limit` is a count: 0 to MAX_ORGANIZATIONS_LIMIT, or null for none. */
export function checkOrganizationsLimit(
  value: number | null | undefined,
): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || value < 0 || value > MAX_ORGANIZATIONS_LIMIT) {
    throw apiErrors.paramValueInvalid(
      'create_organizations_limit',
      `must be an integer from 0 to ${MAX_ORGANIZATIONS_LIMIT}`,
    );
  }
  return value;
}

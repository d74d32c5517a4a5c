import { apiErrors } from '../errors/api-errors.js';
import {
  IDENTIFIERS,
  type Identifier,
  type IdentifierSettings,
} from '../instances/instance-config.js';

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

/** Which identifiers a new user was given (CreateUser's body, normalized). */
export type GivenIdentifiers = Record<Identifier, boolean>;

/**
 * The instance's identifier rules on a new user: an identifier the instance has off is
 * refused even with `skip_user_requirement` (it would be data no sign-in can use); a
 * required one must be given unless `skip_user_requirement`; and, as before, at least
 * one identifier.
 */
export function checkIdentifierRules(
  modes: IdentifierSettings,
  given: GivenIdentifiers,
  skipUserRequirement: boolean,
): void {
  for (const id of IDENTIFIERS)
    if (modes[id] === 'off' && given[id]) throw apiErrors.identifierDisabled(id);
  if (skipUserRequirement) return;
  for (const id of IDENTIFIERS)
    if (modes[id] === 'required' && !given[id]) throw apiErrors.identifierMissing(id);
  if (!IDENTIFIERS.some((id) => given[id])) throw apiErrors.identifierRequired();
}

/**
 * UpdateUser's `username` under the instance's rules: off refuses setting one, required
 * refuses removing it (null or ''). `username` is the normalized value: undefined when
 * the body has none, null when it removes it.
 */
export function checkUsernameRule(modes: IdentifierSettings, username: unknown): void {
  if (username === undefined) return;
  if (modes.username === 'off' && username !== null) throw apiErrors.identifierDisabled('username');
  if (modes.username === 'required' && username === null)
    throw apiErrors.identifierMissing('username');
}

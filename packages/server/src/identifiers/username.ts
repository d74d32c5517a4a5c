import { apiErrors } from '../errors/api-errors.js';

export const MIN_USERNAME_LENGTH = 4;
export const MAX_USERNAME_LENGTH = 64;

export interface NormalizedUsername {
  /** As given, without surrounding whitespace: what the user sees. */
  username: string;
  /** Lowercased: the uniqueness key, as usernames are unique case-insensitively. */
  lower: string;
}

const ALLOWED = /^[A-Za-z0-9_-]+$/;

/**
 * Clerk's username rules: 4 to 64 characters, each an ASCII letter, digit, `_` or
 * `-`. Length is checked first, so `a b` reports its length, as Clerk does.
 * `paramName` names the parameter in the error.
 */
export function normalizeUsername(raw: string, paramName = 'username'): NormalizedUsername {
  const username = raw.trim();
  const length = [...username].length;
  if (length < MIN_USERNAME_LENGTH || length > MAX_USERNAME_LENGTH) {
    throw apiErrors.usernameLength(paramName);
  }
  if (!ALLOWED.test(username)) {
    throw apiErrors.usernameCharacters(paramName);
  }
  return { username, lower: username.toLowerCase() };
}

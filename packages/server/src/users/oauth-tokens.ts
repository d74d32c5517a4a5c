import { isSealed, type SecretBox, type SecretLocation } from '../secrets/secret-box.js';

export type OAuthTokenColumn = 'access_token' | 'refresh_token' | 'id_token';

function locationOf(accountId: string, column: OAuthTokenColumn): SecretLocation {
  return { table: 'external_accounts', column, rowId: accountId };
}

/** What an `external_accounts` token column stores: the token sealed for its row (ADR 0003). */
export function sealOAuthToken(
  secrets: SecretBox,
  accountId: string,
  column: OAuthTokenColumn,
  token: string,
): string {
  return secrets.seal(token, locationOf(accountId, column));
}

/** A token from its stored form; one sealed for another row or column does not open. */
export function openOAuthToken(
  secrets: SecretBox,
  accountId: string,
  column: OAuthTokenColumn,
  stored: string,
): string {
  return isSealed(stored) ? secrets.open(stored, locationOf(accountId, column)) : stored;
}

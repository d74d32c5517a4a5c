import type { PaginatedBody, RequestQuery, SuccessBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { paginated } from '../lists/list-responses.js';
import { pageOf } from '../lists/list-params.js';
import type { Scope } from '../platform/scope.js';
import { trustedDeviceRowToTrustedDevice, type TrustedDevice } from './account-mappers.js';
import { refreshAccountSnapshots } from './account-snapshots.js';
import { refreshIdentificationSnapshots } from './identification-snapshots.js';
import { openOAuthToken } from './oauth-tokens.js';
import {
  deleteOwnedRow,
  findTrustedDevice,
  listActiveTrustedDevices,
  listExternalAccountsOfProvider,
  updateTrustedDevice,
} from './user-accounts-store.js';
import { userExists } from './user-store.js';
import { lockExistingUser, writeUser } from './user-writes.js';

type Deleted = SuccessBody<'UserPasskeyDelete'>;

/**
 * Deletes something the user owns, in one write with `user.updated`: the user must exist
 * (404 `user`), then the row must be the user's (404 with `kind`: another user's row is
 * not found either). `refresh` rebuilds the user row's snapshots.
 */
async function deleteOwned(
  scope: Scope,
  userId: string,
  table: 'passkeys' | 'external_accounts' | 'web3_wallets',
  id: string,
  kind: string,
  object: string,
): Promise<Deleted> {
  await writeUser(scope, 'user.updated', table === 'web3_wallets', async (tx) => {
    const user = await lockExistingUser(tx, userId);
    if (!(await deleteOwnedRow(tx.db, table, tx.instanceId, userId, id))) {
      throw apiErrors.notFound(kind, id);
    }
    if (table === 'web3_wallets') await refreshIdentificationSnapshots(tx, user);
    else await refreshAccountSnapshots(tx, userId);
    return userId;
  });
  return { object, id, deleted: true };
}

/** `DELETE /v1/users/{user_id}/passkeys/{passkey_identification_id}`. */
export function deletePasskey(scope: Scope, userId: string, passkeyId: string) {
  return deleteOwned(scope, userId, 'passkeys', passkeyId, 'passkey', 'passkey');
}

/** `DELETE /v1/users/{user_id}/web3_wallets/{id}`: a primary wallet falls to the next oldest. */
export function deleteWeb3Wallet(scope: Scope, userId: string, walletId: string) {
  return deleteOwned(scope, userId, 'web3_wallets', walletId, 'web3 wallet', 'web3_wallet');
}

/** `DELETE /v1/users/{user_id}/external_accounts/{external_account_id}`: its tokens go with it. */
export function deleteExternalAccount(scope: Scope, userId: string, accountId: string) {
  return deleteOwned(
    scope,
    userId,
    'external_accounts',
    accountId,
    'external account',
    'external_account',
  );
}

/** `oauth_google` and `google` both name Google; stored providers are `oauth_…`. */
const PROVIDER = /^(?:oauth_)?((?:custom_)?[a-z][a-z0-9]{0,40}(?:_[a-z0-9]{1,20}){0,3})$/;

export function normalizeOAuthProvider(provider: string): string {
  const name = PROVIDER.exec(provider)?.[1];
  if (!name) throw apiErrors.oauthProviderInvalid();
  return `oauth_${name}`;
}

type OAuthTokens = SuccessBody<'GetOAuthAccessToken'>;

/**
 * `GET /v1/users/{user_id}/oauth_access_tokens/{provider}`: the user's tokens for the
 * provider, one per external account of it, oldest account first; `[]` when there is none.
 * `paginated=true` (which `@clerk/backend` sends) answers `{ data, total_count }`. Tokens
 * are returned as stored: Castellan holds no provider credentials to refresh them with
 * (docs/behaviour.md).
 */
export async function getOAuthAccessTokens(
  scope: Scope,
  userId: string,
  providerParam: string,
  query: RequestQuery<'GetOAuthAccessToken'>,
): Promise<OAuthTokens | PaginatedBody<'GetOAuthAccessToken'>> {
  const provider = normalizeOAuthProvider(providerParam);
  if (!(await userExists(scope.db, scope.instanceId, userId))) {
    throw apiErrors.notFound('user', userId);
  }
  const page = pageOf(query);
  // A user has a handful of accounts per provider: read them all, count, then page.
  const accounts = (
    await listExternalAccountsOfProvider(scope.db, scope.instanceId, userId, provider)
  ).filter((row) => row.access_token !== null);
  const tokens = accounts.slice(page.offset, page.offset + page.limit).map((row) => ({
    object: 'oauth_access_token' as const,
    external_account_id: row.id,
    provider_user_id: row.provider_user_id,
    token: openOAuthToken(scope.secrets, row.id, 'access_token', row.access_token!),
    expires_at: row.token_expires_at,
    provider: row.provider,
    public_metadata: {},
    label: row.label,
    scopes: row.approved_scopes.split(' ').filter(Boolean),
    ...(row.id_token
      ? { id_token: openOAuthToken(scope.secrets, row.id, 'id_token', row.id_token) }
      : {}),
  }));
  // `paginated=true` (which @clerk/backend sends) answers the envelope (platform/routes.ts).
  if (query.paginated) return paginated(tokens, accounts.length);
  return tokens;
}

/** `GET /v1/users/{user_id}/trusted_devices`: the active ones, oldest first. */
export async function listTrustedDevices(scope: Scope, userId: string) {
  if (!(await userExists(scope.db, scope.instanceId, userId))) {
    throw apiErrors.notFound('user', userId);
  }
  const rows = await listActiveTrustedDevices(scope.db, scope.instanceId, userId);
  return paginated(rows.map(trustedDeviceRowToTrustedDevice), rows.length);
}

/** `DELETE /v1/users/{user_id}/trusted_devices/{id}`: revoked, kept (it no longer lists). */
export async function revokeTrustedDevice(
  scope: Scope,
  userId: string,
  deviceId: string,
): Promise<TrustedDevice> {
  let revoked: TrustedDevice | undefined;
  await writeUser(scope, 'user.updated', false, async (tx) => {
    await lockExistingUser(tx, userId);
    const device = await findTrustedDevice(tx.db, tx.instanceId, userId, deviceId);
    if (!device || device.status !== 'active') throw apiErrors.notFound('trusted device', deviceId);
    await updateTrustedDevice(tx.db, tx.instanceId, deviceId, {
      status: 'revoked',
      revoked_at: tx.now,
      updated_at: tx.now,
    });
    revoked = trustedDeviceRowToTrustedDevice({
      ...device,
      status: 'revoked',
      revoked_at: tx.now,
      updated_at: tx.now,
    });
    return userId;
  });
  return revoked!;
}

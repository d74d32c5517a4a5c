import type { RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { normalizeWeb3Wallet } from '../identifiers/web3-wallet.js';
import type { UserFilters } from './user-filters.js';

/** The query parameters both `GetUserList` and `GetUsersCount` take, as the contract validated them. */
export type UserListQuery = RequestQuery<'GetUsersCount'>;

const MAX_VALUES = 100;

function list(values: string[] | undefined, param: string, map: (v: string) => string = (v) => v) {
  if (values === undefined) return undefined;
  if (values.length > MAX_VALUES) {
    throw apiErrors.tooManyValues(param, MAX_VALUES);
  }
  return values.map((v) => map(v.trim()));
}

/** Splits `+id`/`-id` values into included and excluded sets (no sign means include). */
function signed(values: string[] | undefined, param: string) {
  const items = list(values, param);
  if (!items) return undefined;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const v of items) {
    if (v.startsWith('-')) exclude.push(v.slice(1));
    else include.push(v.startsWith('+') ? v.slice(1) : v);
  }
  return { include, exclude };
}

/** A wallet's uniqueness key; a value that is no valid wallet simply matches nothing. */
function walletKey(value: string): string {
  try {
    return normalizeWeb3Wallet(value, 'web3_wallet').lower;
  } catch {
    return value;
  }
}

const nonEmpty = (v: string | undefined) =>
  v === undefined || v.trim() === '' ? undefined : v.trim();

export function parseUserFilters(q: UserListQuery): UserFilters {
  if ((q.provider === undefined) !== (q.provider_user_id === undefined)) {
    const missing = q.provider === undefined ? 'provider' : 'provider_user_id';
    const other = missing === 'provider' ? 'provider_user_id' : 'provider';
    throw apiErrors.paramsRequiredTogether(missing, other);
  }
  const f: UserFilters = {
    emails: list(q.email_address, 'email_address', (v) => v.toLowerCase()),
    phones: list(q.phone_number, 'phone_number'),
    externalIds: signed(q.external_id, 'external_id'),
    usernames: list(q.username, 'username', (v) => v.toLowerCase()),
    wallets: list(q.web3_wallet, 'web3_wallet', walletKey),
    userIds: signed(q.user_id, 'user_id'),
    organizationIds: signed(q.organization_id, 'organization_id'),
    provider:
      q.provider !== undefined
        ? {
            provider: q.provider,
            providerUserIds: list(q.provider_user_id, 'provider_user_id') ?? [],
          }
        : undefined,
    query: nonEmpty(q.query),
    emailQuery: nonEmpty(q.email_address_query),
    phoneQuery: nonEmpty(q.phone_number_query),
    usernameQuery: nonEmpty(q.username_query),
    nameQuery: nonEmpty(q.name_query),
    banned: q.banned,
    lastActiveBefore: q.last_active_at_before,
    lastActiveAfter: q.last_active_at_after ?? q.last_active_at_since,
    createdBefore: q.created_at_before,
    createdAfter: q.created_at_after,
    lastSignInBefore: q.last_sign_in_at_before,
    lastSignInAfter: q.last_sign_in_at_after,
  };
  for (const key of Object.keys(f) as (keyof UserFilters)[])
    if (f[key] === undefined) delete f[key];
  return f;
}

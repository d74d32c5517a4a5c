import type { DialectAdapter } from '../db/dialect.js';
import type { SearchIndex } from '../db/search-index.js';
import { DEFAULT_USER_LOCKOUT } from '../instances/instance-settings.js';
import { userRowToUser } from './user-mapper.js';
import type { SearchDocument, UserRowWithIdentifications } from './user-rows.js';

/** The users' trigram search documents: one row per user in `user_search`. */
export const USER_SEARCH = {
  table: 'user_search',
  key: 'user_id',
  columns: ['emails', 'phones', 'username', 'names', 'other'],
} as const;

/** Where a user points at its search document. */
export const USER_SEARCH_OWNER = { id: 'users.id', rowid: 'users.search_rowid' } as const;

export function userSearchIndex(dialect: DialectAdapter): SearchIndex {
  return dialect.searchIndex(USER_SEARCH);
}

/** The search filters of the user list, each with the document column it searches. */
export const SEARCH_FILTERS = [
  ['query', 'all'],
  ['emailQuery', 'emails'],
  ['phoneQuery', 'phones'],
  ['usernameQuery', 'username'],
  ['nameQuery', 'names'],
] as const;

export type SearchFilterKey = (typeof SEARCH_FILTERS)[number][0];

/** A user's search document: lowercased identifiers, names, ID and wallets. */
export function searchDocumentOf(row: UserRowWithIdentifications): SearchDocument {
  // Identifiers and names only: the lockout fields (which need time and settings) are unused.
  const user = userRowToUser(row, { now: 0, settings: DEFAULT_USER_LOCKOUT });
  const lower = (parts: (string | null | undefined)[]) =>
    parts.filter(Boolean).join(' ').toLowerCase();
  return {
    emails: lower(user.email_addresses.map((e) => e.email_address)),
    phones: lower(user.phone_numbers.map((p) => p.phone_number)),
    username: lower([user.username]),
    names: lower([user.first_name, user.last_name]),
    other: lower([user.id, ...user.web3_wallets.map((w) => w.web3_wallet)]),
  };
}

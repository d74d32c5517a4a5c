import type { Selectable } from 'kysely';
import type {
  EmailAddressesTable,
  PhoneNumbersTable,
  UsersTable,
  Web3WalletsTable,
} from '../db/schema.js';

export type UserRow = Selectable<UsersTable>;
export type EmailRow = Selectable<EmailAddressesTable>;
export type PhoneRow = Selectable<PhoneNumbersTable>;
export type WalletRow = Selectable<Web3WalletsTable>;

/** A user row: its identifications come along as JSON snapshots (`emails`, `phones`, `wallets`). */
export type UserRowWithIdentifications = UserRow;

/** The user's trigram search document: lowercased identifiers and names. */
export interface SearchDocument {
  emails: string;
  phones: string;
  username: string;
  names: string;
  other: string;
}

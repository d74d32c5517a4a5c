import type { Selectable } from 'kysely';
import type { ExternalAccountsTable, PasskeysTable, TrustedDevicesTable } from '../db/schema.js';

export type PasskeyRow = Selectable<PasskeysTable>;
export type ExternalAccountRow = Selectable<ExternalAccountsTable>;
export type TrustedDeviceRow = Selectable<TrustedDevicesTable>;

/** The token columns: sealed, never copied into the user row's snapshot. */
export type ExternalAccountSnapshot = Omit<
  ExternalAccountRow,
  'access_token' | 'refresh_token' | 'id_token'
>;

/** The columns of `external_accounts` a snapshot carries (everything but the tokens). */
export const EXTERNAL_ACCOUNT_SNAPSHOT_COLUMNS = [
  'id',
  'instance_id',
  'user_id',
  'identification_id',
  'provider',
  'provider_user_id',
  'email_address',
  'email_address_verified',
  'first_name',
  'last_name',
  'image_url',
  'username',
  'phone_number',
  'label',
  'public_metadata',
  'approved_scopes',
  'verification_status',
  'token_expires_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ExternalAccountSnapshot)[];

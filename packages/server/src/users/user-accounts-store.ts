import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  Db,
  ExternalAccountsTable,
  PasskeysTable,
  TrustedDevicesTable,
} from '../db/schema.js';
import {
  EXTERNAL_ACCOUNT_SNAPSHOT_COLUMNS,
  type ExternalAccountRow,
  type ExternalAccountSnapshot,
  type PasskeyRow,
  type TrustedDeviceRow,
} from './account-rows.js';

/** Tables of things a user owns, keyed by `id`, each row with `instance_id` and `user_id`. */
type OwnedTable = 'passkeys' | 'external_accounts' | 'trusted_devices' | 'web3_wallets';

export async function insertPasskey(db: Kysely<Db>, row: Insertable<PasskeysTable>) {
  await db.insertInto('passkeys').values(row).execute();
}

export async function insertExternalAccount(
  db: Kysely<Db>,
  row: Insertable<ExternalAccountsTable>,
) {
  await db.insertInto('external_accounts').values(row).execute();
}

export async function insertTrustedDevice(db: Kysely<Db>, row: Insertable<TrustedDevicesTable>) {
  await db.insertInto('trusted_devices').values(row).execute();
}

/** Deletes the user's row `id` from `table`; false when the user has no such row. */
export async function deleteOwnedRow(
  db: Kysely<Db>,
  table: OwnedTable,
  instanceId: string,
  userId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom(table)
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function listPasskeys(db: Kysely<Db>, instanceId: string, userId: string) {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute() as Promise<PasskeyRow[]>;
}

export function listExternalAccountSnapshots(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<ExternalAccountSnapshot[]> {
  return db
    .selectFrom('external_accounts')
    .select(EXTERNAL_ACCOUNT_SNAPSHOT_COLUMNS)
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The user's external accounts of one provider, with their sealed tokens. */
export function listExternalAccountsOfProvider(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  provider: string,
): Promise<ExternalAccountRow[]> {
  return db
    .selectFrom('external_accounts')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .where('provider', '=', provider)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The user's active trusted devices, oldest first. */
export function listActiveTrustedDevices(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<TrustedDeviceRow[]> {
  return db
    .selectFrom('trusted_devices')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findTrustedDevice(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  deviceId: string,
): Promise<TrustedDeviceRow | undefined> {
  return db
    .selectFrom('trusted_devices')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .where('id', '=', deviceId)
    .executeTakeFirst();
}

export async function updateTrustedDevice(
  db: Kysely<Db>,
  instanceId: string,
  deviceId: string,
  patch: Updateable<TrustedDevicesTable>,
) {
  await db
    .updateTable('trusted_devices')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', deviceId)
    .execute();
}

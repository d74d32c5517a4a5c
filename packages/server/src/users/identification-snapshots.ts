import type { Updateable } from 'kysely';
import type { UsersTable } from '../db/schema.js';
import type { WriteTx } from '../platform/write.js';
import { mfaTimestamps } from './second-factors.js';
import type { UserRowWithIdentifications } from './user-rows.js';
import { identificationsOfUser } from './identification-tables.js';
import { updateUserRow } from './user-store.js';

/**
 * The user row carries its identifications as JSON snapshots (one row per user read, no
 * joins). Any write that adds, changes or removes an email address, phone number or web3
 * wallet outside `CreateUser` calls this inside its transaction, after the change: the
 * snapshots and the primary pointers (and the columns `order_by` and the list filters use)
 * are rebuilt from the identification tables. A primary that no longer exists falls to the
 * oldest remaining identification of its kind (none: `null`).
 *
 * Pass the user row as it stands before the identifications changed (a write that changed
 * its second factors first passes the row with those changes): a phone number reserved for
 * second factor coming or going may turn MFA on or off. Write it with
 * `writeUser(…, true, …)` so the search document follows.
 */
export async function refreshIdentificationSnapshots(
  tx: WriteTx,
  user: UserRowWithIdentifications,
): Promise<void> {
  const [emails, phones, wallets] = await Promise.all([
    identificationsOfUser(tx.db, 'email_addresses', tx.instanceId, user.id),
    identificationsOfUser(tx.db, 'phone_numbers', tx.instanceId, user.id),
    identificationsOfUser(tx.db, 'web3_wallets', tx.instanceId, user.id),
  ]);

  const primaryEmail = keepOrFirst(emails, user.primary_email_address_id);
  const primaryPhone = keepOrFirst(phones, user.primary_phone_number_id);
  const primaryWallet = keepOrFirst(wallets, user.primary_web3_wallet_id);
  const patch: Updateable<UsersTable> = {
    emails: JSON.stringify(emails),
    phones: JSON.stringify(phones),
    wallets: JSON.stringify(wallets),
    primary_email_address_id: primaryEmail?.id ?? null,
    primary_email_lower: primaryEmail?.email_lower ?? null,
    primary_phone_number_id: primaryPhone?.id ?? null,
    primary_phone: primaryPhone?.phone_number ?? null,
    primary_web3_wallet_id: primaryWallet?.id ?? null,
    primary_web3_lower: primaryWallet?.wallet_lower ?? null,
    updated_at: tx.now,
    ...mfaTimestamps(user, { ...user, phones: JSON.stringify(phones) }, tx.now),
  };
  await updateUserRow(tx.db, tx.instanceId, user.id, patch);
}

function keepOrFirst<T extends { id: string }>(rows: T[], primaryId: string | null): T | undefined {
  return rows.find((r) => r.id === primaryId) ?? rows[0];
}

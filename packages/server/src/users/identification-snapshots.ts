import type { Updateable } from 'kysely';
import type { UsersTable } from '../db/schema.js';
import type { WriteTx } from '../platform/write.js';
import { parseJson, toBool } from '../db/values.js';
import type { PhoneRow, UserRowWithIdentifications } from './user-rows.js';
import { identificationsOfUser, updateUserRow } from './user-store.js';

/**
 * The user row carries its identifications as JSON snapshots (one row per user read, no
 * joins). Any write that adds, changes or removes an email address, phone number or web3
 * wallet outside `CreateUser` calls this inside its transaction, after the change: the
 * snapshots and the primary pointers (and the columns `order_by` and the list filters use)
 * are rebuilt from the identification tables. A primary that no longer exists falls to the
 * oldest remaining identification of its kind (none: `null`).
 *
 * Pass the user row as locked at the start of the write; write it with `writeUser(…, true, …)`
 * so the search document follows.
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
    ...mfaTimestamps(user, phones, tx.now),
  };
  await updateUserRow(tx.db, tx.instanceId, user.id, patch);
}

function keepOrFirst<T extends { id: string }>(rows: T[], primaryId: string | null): T | undefined {
  return rows.find((r) => r.id === primaryId) ?? rows[0];
}

/**
 * A phone number reserved for second factor is one (SMS codes): when the user's first one
 * comes, or the last one goes, and no TOTP or backup code is there, MFA was turned on or off.
 */
function mfaTimestamps(user: UserRowWithIdentifications, phones: PhoneRow[], now: number) {
  const reserved = (rows: PhoneRow[]) => rows.some((p) => toBool(p.reserved_for_second_factor));
  const otherFactor =
    user.totp_secret !== null || (parseJson<string[] | null>(user.backup_codes)?.length ?? 0) > 0;
  const had = reserved(parseJson<PhoneRow[] | null>(user.phones) ?? []);
  const has = reserved(phones);
  if (otherFactor || had === has) return {};
  return has ? { mfa_enabled_at: now } : { mfa_disabled_at: now };
}

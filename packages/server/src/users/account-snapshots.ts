import type { WriteTx } from '../platform/write.js';
import { listExternalAccountSnapshots, listPasskeys } from './user-accounts-store.js';
import { updateUserRow } from './user-store.js';

/**
 * Like `refreshIdentificationSnapshots`: the user row carries its passkeys and external
 * accounts (tokens left out) as JSON, so a user, or a page of users, still reads in one
 * row with no joins. Every write that adds or removes one calls this in its transaction.
 */
export async function refreshAccountSnapshots(tx: WriteTx, userId: string): Promise<void> {
  const [passkeys, externalAccounts] = await Promise.all([
    listPasskeys(tx.db, tx.instanceId, userId),
    listExternalAccountSnapshots(tx.db, tx.instanceId, userId),
  ]);
  await updateUserRow(tx.db, tx.instanceId, userId, {
    passkeys: JSON.stringify(passkeys),
    external_accounts: JSON.stringify(externalAccounts),
    updated_at: tx.now,
  });
}

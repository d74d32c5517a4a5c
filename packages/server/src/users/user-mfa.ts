import { randomBytes } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { ResponseBody } from '@castellan/contract';
import type { UsersTable } from '../db/schema.js';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { readInstanceName } from '../instances/instance-settings.js';
import { encodeBase32 } from '../passwords/base32.js';
import { TOTP_DIGITS, TOTP_PERIOD_MS } from '../passwords/totp.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { refreshIdentificationSnapshots } from './identification-snapshots.js';
import { applyMfaTimestamps } from './update-user.js';
import { clearSecondFactorPhones } from './user-authn-store.js';
import type { PhoneRow, UserRowWithIdentifications } from './user-rows.js';
import { sealTotpSecret } from './user-secrets.js';
import { findUserById, updateUserRow } from './user-store.js';
import { lockExistingUser, writeUser } from './user-writes.js';

type Totp = ResponseBody<'CreateUserTOTP', '200'>;

/** 160 bits: the HMAC-SHA1 key size RFC 4226 recommends, 32 base32 characters. */
const SECRET_BYTES = 20;

/** Who the authenticator app lists the code under: the first identifier the user has. */
function accountName(row: UserRowWithIdentifications): string {
  return row.primary_email_lower ?? row.username ?? row.primary_phone ?? row.id;
}

/** Google Authenticator's key URI format: `otpauth://totp/Issuer:account?secret=…&issuer=…`. */
function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_MS / 1000),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/**
 * `POST /users/{id}/totp` (seed-era): a new secret, sealed in the user's row, in force at
 * once (as `totp_secret` in CreateUser is: the admin vouches for it). A user who has a TOTP
 * keeps it: delete it first, so an authenticator in use is never silently invalidated.
 */
export async function createUserTotp(scope: Scope, userId: string): Promise<Totp> {
  const secret = encodeBase32(randomBytes(SECRET_BYTES));
  const issuer = await readInstanceName(scope.db, scope.instanceId);
  let account = userId;
  const user = await writeUser(scope, 'user.updated', false, async (tx) => {
    const current = await lockExistingUser(tx, userId);
    if (current.totp_secret !== null) throw apiErrors.totpAlreadyEnabled(userId);
    account = accountName(current);
    await changeSecondFactors(tx, current, {
      totp_secret: sealTotpSecret(scope.secrets, userId, secret),
      totp_last_used_step: null,
    });
    return userId;
  });
  return {
    object: 'totp',
    id: generateId('totp', user.updated_at),
    secret,
    uri: otpauthUri(issuer, account, secret),
    verified: true,
    backup_codes: null,
  };
}

/** Applies a change of second factors with its `mfa_enabled_at`/`mfa_disabled_at`. */
async function changeSecondFactors(
  tx: WriteTx,
  current: UserRowWithIdentifications,
  patch: Updateable<UsersTable>,
): Promise<void> {
  const full: Updateable<UsersTable> = { ...patch, updated_at: tx.now };
  applyMfaTimestamps(current, full, tx.now);
  await updateUserRow(tx.db, tx.instanceId, current.id, full);
}

const hasTotp = (row: UserRowWithIdentifications) => row.totp_secret !== null;
const hasBackupCodes = (row: UserRowWithIdentifications) =>
  (parseJson<string[] | null>(row.backup_codes)?.length ?? 0) > 0;
const hasSmsSecondFactor = (row: UserRowWithIdentifications) =>
  (parseJson<PhoneRow[] | null>(row.phones) ?? []).some(
    (p) => toBool(p.reserved_for_second_factor) || toBool(p.default_second_factor),
  );

/**
 * Removes second factors of an existing user with one write and one `user.updated`; a user
 * with nothing to remove is answered the same, with no write and no event.
 */
async function removeSecondFactors(
  scope: Scope,
  userId: string,
  hasAny: (row: UserRowWithIdentifications) => boolean,
  work: (tx: WriteTx, current: UserRowWithIdentifications) => Promise<void>,
): Promise<{ user_id: string }> {
  const row = await findUserById(scope.db, scope.instanceId, userId);
  if (!row) throw apiErrors.notFound('user', userId);
  if (hasAny(row)) {
    // The search document holds no second factor, but DisableMFA rewrites the phone
    // snapshots, and writes that do go through `writeUser(…, true, …)`.
    await writeUser(scope, 'user.updated', true, async (tx) => {
      await work(tx, await lockExistingUser(tx, userId));
      return userId;
    });
  }
  return { user_id: userId };
}

/** `DELETE /users/{id}/totp`: the secret goes. */
export function deleteUserTotp(scope: Scope, userId: string) {
  return removeSecondFactors(scope, userId, hasTotp, (tx, current) =>
    changeSecondFactors(tx, current, { totp_secret: null, totp_last_used_step: null }),
  );
}

/** `DELETE /users/{id}/backup_code`: every backup code goes. */
export function deleteUserBackupCodes(scope: Scope, userId: string) {
  return removeSecondFactors(scope, userId, hasBackupCodes, (tx, current) =>
    changeSecondFactors(tx, current, { backup_codes: null }),
  );
}

/**
 * `DELETE /users/{id}/mfa`: TOTP, backup codes and SMS codes at once; phone numbers stay
 * but are no longer reserved for, or the default, second factor.
 */
export function disableUserMfa(scope: Scope, userId: string) {
  const hasAny = (row: UserRowWithIdentifications) =>
    hasTotp(row) || hasBackupCodes(row) || hasSmsSecondFactor(row);
  return removeSecondFactors(scope, userId, hasAny, async (tx, current) => {
    const removed = { totp_secret: null, totp_last_used_step: null, backup_codes: null };
    await changeSecondFactors(tx, current, removed);
    if (await clearSecondFactorPhones(tx.db, tx.instanceId, current.id, tx.now)) {
      // The phones go after the other factors: MFA is off once they have gone.
      await refreshIdentificationSnapshots(tx, { ...current, ...removed });
    }
  });
}

import type { Updateable } from 'kysely';
import type { UsersTable } from '../db/schema.js';
import { parseJson, toBool } from '../db/values.js';
import type { PhoneRow, UserRow } from './user-rows.js';

/** The columns that say whether a user has a second factor. */
export type SecondFactorColumns = Pick<UserRow, 'totp_secret' | 'backup_codes' | 'phones'>;

/**
 * Whether the user has any second factor: a TOTP, a backup code, or a phone number reserved
 * for second factor (SMS codes, as in Clerk).
 */
export function hasSecondFactor(row: SecondFactorColumns): boolean {
  return (
    row.totp_secret !== null ||
    (parseJson<string[] | null>(row.backup_codes)?.length ?? 0) > 0 ||
    (parseJson<PhoneRow[] | null>(row.phones) ?? []).some((p) =>
      toBool(p.reserved_for_second_factor),
    )
  );
}

/**
 * `mfa_enabled_at`/`mfa_disabled_at` for a write that takes the user from `before` to
 * `after`: set when the user goes from no second factor to one, or from one to none.
 */
export function mfaTimestamps(
  before: SecondFactorColumns,
  after: SecondFactorColumns,
  now: number,
): Pick<Updateable<UsersTable>, 'mfa_enabled_at' | 'mfa_disabled_at'> {
  const had = hasSecondFactor(before);
  const has = hasSecondFactor(after);
  if (has === had) return {};
  return has ? { mfa_enabled_at: now } : { mfa_disabled_at: now };
}

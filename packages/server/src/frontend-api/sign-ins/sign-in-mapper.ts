import { parseJson } from '../../db/values.js';
import type { User } from '../../users/user-mapper.js';
import type { CodeVerification } from './flow-codes.js';
import type { SignInRow } from './flow-tables.js';
import { firstFactorsOf, secondFactorsOf } from './sign-in-factors.js';

/** The statuses a sign-in is stored with; `abandoned` is read from `abandon_at`. */
export type StoredSignInStatus =
  | 'needs_identifier'
  | 'needs_first_factor'
  | 'needs_second_factor'
  | 'needs_new_password'
  | 'complete';
export type SignInStatus = StoredSignInStatus | 'abandoned';

/** A sign-in not completed within a day is abandoned, as a sign-up is. */
export const SIGN_IN_ABANDON_AFTER_MS = 24 * 60 * 60 * 1000;

/** A factor's verification as the sign-in shows it (`verification_otp`, `…_password`, …). */
export type FactorVerification = CodeVerification;

export function signInStatusOf(row: SignInRow, now: number): SignInStatus {
  if (row.status === 'complete') return 'complete';
  return now >= Number(row.abandon_at) ? 'abandoned' : (row.status as StoredSignInStatus);
}

export function verificationOf(json: unknown): FactorVerification | null {
  return json === null || json === undefined ? null : parseJson<FactorVerification>(json);
}

/** The verification stub each strategy is shown as (Clerk's `object`). */
const OBJECTS: Record<string, string> = {
  password: 'verification_password',
  totp: 'verification_totp',
  backup_code: 'verification_backup_code',
  ticket: 'verification_ticket',
};

function verificationToApi(v: FactorVerification | null) {
  if (!v) return null;
  return { object: OBJECTS[v.strategy] ?? 'verification_otp', ...v };
}

/**
 * The sign-in as clerk-js reads it (`Client.SignIn`): the factors come from the user the
 * identifier named (none before that), the second factors only once they are asked for.
 */
export function signInRowToApi(
  row: SignInRow,
  user: User | undefined,
  supportedIdentifiers: readonly string[],
  now: number,
) {
  const status = signInStatusOf(row, now);
  return {
    object: 'sign_in_attempt',
    id: row.id,
    status,
    supported_identifiers: [...supportedIdentifiers],
    supported_first_factors: user ? firstFactorsOf(user, row.identifier) : [],
    supported_second_factors:
      user && (status === 'needs_second_factor' || status === 'complete')
        ? secondFactorsOf(user)
        : null,
    first_factor_verification: verificationToApi(verificationOf(row.first_factor_verification)),
    second_factor_verification: verificationToApi(verificationOf(row.second_factor_verification)),
    identifier: row.identifier,
    user_data: user
      ? {
          first_name: user.first_name,
          last_name: user.last_name,
          image_url: user.image_url,
          has_image: user.has_image,
        }
      : null,
    created_session_id: row.created_session_id,
    abandon_at: Number(row.abandon_at),
    client_trust_state: null,
  };
}

export type SignInJson = ReturnType<typeof signInRowToApi>;

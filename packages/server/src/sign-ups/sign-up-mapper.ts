import type { ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import type { SignUpRow } from './sign-up-store.js';

export type SignUp = ResponseBody<'GetSignUp', '200'>;
export type SignUpStatus = SignUp['status'];

/**
 * What a sign-up is at `now`: `complete` once it made its user, `abandoned` when it did not
 * by `abandon_at`, else `missing_requirements`.
 */
export function signUpStatusOf(row: SignUpRow, now: number): SignUpStatus {
  if (row.status === 'complete') return 'complete';
  return now >= Number(row.abandon_at) ? 'abandoned' : 'missing_requirements';
}

export function signUpRowToApi(row: SignUpRow, now: number): SignUp {
  const legalAcceptedAt = row.legal_accepted_at === null ? null : Number(row.legal_accepted_at);
  return {
    object: 'sign_up_attempt',
    id: row.id,
    status: signUpStatusOf(row, now),
    required_fields: parseJson<string[]>(row.required_fields),
    optional_fields: parseJson<string[]>(row.optional_fields),
    missing_fields: parseJson<string[]>(row.missing_fields),
    unverified_fields: parseJson<string[]>(row.unverified_fields),
    verifications: parseJson<SignUp['verifications']>(row.verifications),
    username: row.username,
    email_address: row.email_address,
    phone_number: row.phone_number,
    web3_wallet: row.web3_wallet,
    password_enabled: row.password_digest !== null,
    first_name: row.first_name,
    last_name: row.last_name,
    unsafe_metadata: parseJson<Record<string, unknown>>(row.unsafe_metadata),
    public_metadata: parseJson<Record<string, unknown>>(row.public_metadata),
    custom_action: toBool(row.custom_action),
    external_id: row.external_id,
    created_session_id: row.created_session_id,
    created_user_id: row.created_user_id,
    abandon_at: Number(row.abandon_at),
    legal_accepted_at: legalAcceptedAt,
    locale: row.locale,
  };
}

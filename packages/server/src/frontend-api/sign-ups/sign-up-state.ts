import { parseJson } from '../../db/values.js';
import {
  initialVerifications,
  VERIFIED_FIELDS,
  type SignUp,
  type SignUpField,
  type SignUpRow,
} from '../../sign-ups/sign-up-service.js';
import type { CodeVerification } from '../sign-ins/flow-codes.js';

export type Verifications = SignUp['verifications'];
export type VerifiedField = 'email_address' | 'phone_number';
/** A verification of a sign-up field: the code's state and what clerk-js should do next. */
export type FieldVerification = CodeVerification & {
  next_action: 'needs_prepare' | 'needs_attempt' | '';
  supported_strategies: string[];
};

/** The fields of a sign-up that have a value. */
export function presentFieldsOf(row: SignUpRow): Set<SignUpField> {
  const values: Record<SignUpField, unknown> = {
    email_address: row.email_address,
    phone_number: row.phone_number,
    web3_wallet: row.web3_wallet,
    username: row.username,
    password: row.password_digest,
    first_name: row.first_name,
    last_name: row.last_name,
    legal_accepted: row.legal_accepted_at,
  };
  return new Set(
    (Object.keys(values) as SignUpField[]).filter(
      (f) => values[f] !== null && values[f] !== undefined,
    ),
  );
}

export function verificationsOf(row: SignUpRow): Verifications {
  return parseJson<Verifications>(row.verifications);
}

/** A fresh verification for each verifiable field that has a value (`needs_prepare`). */
export function resetVerification(
  verifications: Verifications,
  field: VerifiedField,
  hasValue: boolean,
): Verifications {
  const fresh = initialVerifications(new Set(hasValue ? [field] : []))[field];
  return { ...verifications, [field]: fresh };
}

/**
 * What the sign-up still lacks: required fields without a value, and identifiers given
 * but not verified by their code.
 */
export function requirementsOf(row: SignUpRow, verifications: Verifications) {
  const present = presentFieldsOf(row);
  const required = parseJson<SignUpField[]>(row.required_fields);
  const missing = required.filter((f) => !present.has(f));
  const unverified = (Object.keys(VERIFIED_FIELDS) as SignUpField[]).filter((f) => {
    if (!present.has(f)) return false;
    const v = (verifications as Record<string, { status?: string } | null>)[f];
    return v?.status !== 'verified';
  });
  return { missing, unverified };
}

/** A sign-up with nothing missing and nothing unverified can make its user. */
export function isReady(row: SignUpRow): boolean {
  const { missing, unverified } = requirementsOf(row, verificationsOf(row));
  return missing.length === 0 && unverified.length === 0;
}

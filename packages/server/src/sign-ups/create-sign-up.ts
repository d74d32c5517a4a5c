import type { Insertable } from 'kysely';
import type { SignUpsTable } from '../db/schema.js';
import { generateId } from '../ids/generate-id.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { serializeSignUpMetadata } from './sign-up-metadata.js';
import { signUpRowToApi, type SignUp } from './sign-up-mapper.js';
import { insertSignUp, type SignUpRow } from './sign-up-store.js';

/** A sign-up not completed within a day is abandoned (Clerk's sign-up attempts expire too). */
export const SIGN_UP_ABANDON_AFTER_MS = 24 * 60 * 60 * 1000;

/** The fields an instance can ask of a sign-up (Clerk's `required_fields` vocabulary). */
export type SignUpField =
  | 'email_address'
  | 'phone_number'
  | 'username'
  | 'password'
  | 'first_name'
  | 'last_name'
  | 'web3_wallet'
  | 'legal_accepted';

/** Identifiers that must be verified before the sign-up can complete, with their strategies. */
export const VERIFIED_FIELDS = {
  email_address: ['email_code'],
  phone_number: ['phone_code'],
  web3_wallet: ['web3_metamask_signature'],
} as const;

/**
 * A sign-up as the Frontend API starts it from the browser. The Frontend API has already
 * checked each value (identifier formats, password rules, restrictions) and decided, from
 * the instance's settings, which fields are required and which optional.
 */
export interface NewSignUp {
  clientId?: string | null;
  requiredFields: readonly SignUpField[];
  optionalFields: readonly SignUpField[];
  emailAddress?: string | null;
  phoneNumber?: string | null;
  web3Wallet?: string | null;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** The password's digest (the Frontend API hashes it); never the password. */
  password?: { digest: string; hasher: string } | null;
  unsafeMetadata?: Record<string, unknown>;
  publicMetadata?: Record<string, unknown>;
  externalId?: string | null;
  legalAcceptedAt?: number | null;
  locale?: string | null;
}

/** Which of the sign-up's fields have a value (`legal_accepted` when it was accepted). */
function presentFields(input: NewSignUp): Set<SignUpField> {
  const values: Record<SignUpField, unknown> = {
    email_address: input.emailAddress,
    phone_number: input.phoneNumber,
    web3_wallet: input.web3Wallet,
    username: input.username,
    password: input.password,
    first_name: input.firstName,
    last_name: input.lastName,
    legal_accepted: input.legalAcceptedAt,
  };
  const present = Object.entries(values).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  return new Set(present.map(([field]) => field as SignUpField));
}

/** Each verifiable identifier's verification: waiting to be prepared when given, else null. */
export function initialVerifications(present: Set<SignUpField>) {
  const verification = (field: keyof typeof VERIFIED_FIELDS) =>
    present.has(field)
      ? {
          status: 'unverified',
          strategy: null,
          attempts: null,
          expire_at: null,
          next_action: 'needs_prepare',
          supported_strategies: [...VERIFIED_FIELDS[field]],
        }
      : null;
  return {
    email_address: verification('email_address'),
    phone_number: verification('phone_number'),
    web3_wallet: verification('web3_wallet'),
    external_account: null,
  };
}

/**
 * Starts a sign-up (for the Frontend API's `POST /v1/client/sign_ups`): required fields
 * without a value are missing, given identifiers unverified, and it is abandoned a day
 * later unless completed. One write; no event (Clerk sends none for sign-up attempts).
 */
export async function createSignUp(scope: Scope, input: NewSignUp): Promise<SignUp> {
  return runWrite(scope, async (tx) => signUpRowToApi(await insertNewSignUp(tx, input), tx.now));
}

/** `createSignUp` inside the caller's write `tx` (which attaches it to its client). */
export async function insertNewSignUp(tx: WriteTx, input: NewSignUp): Promise<SignUpRow> {
  const present = presentFields(input);
  const unsafeMetadata = serializeSignUpMetadata(input.unsafeMetadata ?? {}, 'unsafe_metadata');
  const publicMetadata = serializeSignUpMetadata(input.publicMetadata ?? {}, 'public_metadata');
  const row = {
    id: generateId('sua', tx.now),
    instance_id: tx.instanceId,
    client_id: input.clientId ?? null,
    status: 'missing_requirements',
    required_fields: JSON.stringify(input.requiredFields),
    optional_fields: JSON.stringify(input.optionalFields),
    missing_fields: JSON.stringify(input.requiredFields.filter((f) => !present.has(f))),
    unverified_fields: JSON.stringify(
      Object.keys(VERIFIED_FIELDS).filter((f) => present.has(f as SignUpField)),
    ),
    verifications: JSON.stringify(initialVerifications(present)),
    username: input.username ?? null,
    email_address: input.emailAddress ?? null,
    phone_number: input.phoneNumber ?? null,
    web3_wallet: input.web3Wallet ?? null,
    first_name: input.firstName ?? null,
    last_name: input.lastName ?? null,
    password_digest: input.password?.digest ?? null,
    password_hasher: input.password?.hasher ?? null,
    unsafe_metadata: unsafeMetadata,
    public_metadata: publicMetadata,
    custom_action: false,
    external_id: input.externalId ?? null,
    external_account: null,
    created_session_id: null,
    created_user_id: null,
    locale: input.locale ?? null,
    legal_accepted_at: input.legalAcceptedAt ?? null,
    abandon_at: tx.now + SIGN_UP_ABANDON_AFTER_MS,
    created_at: tx.now,
    updated_at: tx.now,
  } satisfies Insertable<SignUpsTable> & SignUpRow;
  await insertSignUp(tx.db, row);
  return row;
}

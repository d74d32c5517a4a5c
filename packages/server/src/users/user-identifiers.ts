import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { normalizeEmail } from '../identifiers/email.js';
import { normalizePhone } from '../identifiers/phone.js';
import { normalizeUsername } from '../identifiers/username.js';
import { normalizeWeb3Wallet } from '../identifiers/web3-wallet.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { findTakenIdentifiers } from './user-store.js';

export interface NormalizedIdentifiers {
  emails: { address: string; lower: string; reserved: boolean }[];
  phones: { number: string; reserved: boolean }[];
  wallets: { address: string; lower: string }[];
}

function statuses(
  values: string[],
  statuses: ('verified' | 'reserved')[] | undefined,
  param: string,
) {
  if (!statuses || statuses.length === 0) return values.map(() => false);
  if (statuses.length !== values.length) {
    const identifier = param.replace('_identification_status', '');
    throw apiErrors.identificationStatusCount(param, identifier, values.length);
  }
  return statuses.map((s) => s === 'reserved');
}

function assertNoDuplicates(values: string[], param: string) {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw apiErrors.duplicateValue(param, v);
    seen.add(v);
  }
}

/** Validates and normalizes the identifiers of a new user; throws on the first invalid one. */
export function normalizeNewIdentifiers(input: {
  email_address?: string[] | undefined;
  email_address_identification_status?: ('verified' | 'reserved')[] | undefined;
  phone_number?: string[] | undefined;
  phone_number_identification_status?: ('verified' | 'reserved')[] | undefined;
  web3_wallet?: string[] | undefined;
}): NormalizedIdentifiers {
  const rawEmails = input.email_address ?? [];
  const emailReserved = statuses(
    rawEmails,
    input.email_address_identification_status,
    'email_address_identification_status',
  );
  const emails = rawEmails.map((raw, i) => ({
    ...normalizeEmail(raw, 'email_address'),
    reserved: emailReserved[i]!,
  }));
  assertNoDuplicates(
    emails.map((e) => e.lower),
    'email_address',
  );

  const rawPhones = input.phone_number ?? [];
  const phoneReserved = statuses(
    rawPhones,
    input.phone_number_identification_status,
    'phone_number_identification_status',
  );
  const phones = rawPhones.map((raw, i) => ({
    number: normalizePhone(raw, 'phone_number'),
    reserved: phoneReserved[i]!,
  }));
  assertNoDuplicates(
    phones.map((p) => p.number),
    'phone_number',
  );

  const wallets = (input.web3_wallet ?? []).map((raw) => normalizeWeb3Wallet(raw, 'web3_wallet'));
  assertNoDuplicates(
    wallets.map((w) => w.lower),
    'web3_wallet',
  );
  return { emails, phones, wallets };
}

export function normalizeOptionalUsername(raw: string | null | undefined) {
  if (raw === undefined) return undefined;
  if (raw === null || raw === '') return null;
  return normalizeUsername(raw, 'username');
}

const TAKEN = {
  email_address: apiErrors.emailTaken,
  phone_number: apiErrors.phoneTaken,
  web3_wallet: apiErrors.web3WalletTaken,
  username: apiErrors.usernameTaken,
  external_id: apiErrors.externalIdTaken,
} as const;

/**
 * Fails with `form_identifier_exists` when any identifier is taken in the instance. The
 * unique indexes are the final guard against concurrent writers; this gives the precise
 * error in the common case.
 */
export async function assertIdentifiersFree(
  db: Kysely<Db>,
  instanceId: string,
  ids: Parameters<typeof findTakenIdentifiers>[2],
  exceptUserId?: string,
): Promise<void> {
  const taken = await findTakenIdentifiers(db, instanceId, ids, exceptUserId);
  if (taken.length === 0) return;
  throw ClerkApiError.combine(taken.map((t) => TAKEN[t.param]()));
}

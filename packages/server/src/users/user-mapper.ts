import type { ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import { lockoutStateOf } from './user-lockout-state.js';
import type { UserView } from './user-view.js';
import { defaultAvatarUrlOf, imageUrlOf } from '../images/image-urls.js';
import { externalAccountRowToExternalAccount, passkeyRowToPasskey } from './account-mappers.js';
import type { ExternalAccountSnapshot, PasskeyRow } from './account-rows.js';
import type { EmailRow, PhoneRow, UserRowWithIdentifications, WalletRow } from './user-rows.js';

/** The API's `User`, typed by the contract: the mapper cannot drift from the spec. */
export type User = ResponseBody<'GetUser', '200'>;

type EmailAddress = User['email_addresses'][number];
type PhoneNumber = User['phone_numbers'][number];
type Web3Wallet = User['web3_wallets'][number];

interface VerificationColumns {
  verification_status: string;
  verification_strategy: string;
  /** Absent from snapshots written before verification codes existed. */
  verification_attempts?: number | null;
  verification_expire_at?: number | null;
}

/**
 * The identification's verification: a code (`email_code`/`phone_code`) shows its status,
 * attempts and expiry from the time it was prepared; otherwise verified means verified by
 * the admin (this API), and unverified (reserved, or created unverified) has none.
 */
function verificationOf(row: VerificationColumns, channel?: 'sms') {
  const strategy = row.verification_strategy;
  if (strategy === 'email_code' || strategy === 'phone_code') {
    const expireAt = row.verification_expire_at;
    return {
      object: 'verification_otp' as const,
      status: row.verification_status as 'unverified' | 'verified' | 'failed' | 'expired',
      strategy: strategy as 'email_code' | 'phone_code',
      attempts: row.verification_attempts ?? null,
      expire_at: expireAt === undefined || expireAt === null ? null : Number(expireAt),
      ...(channel ? { channel } : {}),
    };
  }
  return adminVerificationOf(row.verification_status);
}

function adminVerificationOf(status: string) {
  if (status !== 'verified') return null;
  return {
    object: 'verification_admin' as const,
    status: 'verified' as const,
    strategy: 'admin' as const,
    attempts: null,
    expire_at: null,
  };
}

export function emailRowToEmailAddress(e: EmailRow): EmailAddress {
  return {
    id: e.id,
    object: 'email_address' as const,
    email_address: e.email_address,
    reserved: toBool(e.reserved),
    verification: verificationOf(e),
    linked_to: [],
    matches_sso_connection: false,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

export function phoneRowToPhoneNumber(p: PhoneRow): PhoneNumber {
  return {
    id: p.id,
    object: 'phone_number' as const,
    phone_number: p.phone_number,
    reserved_for_second_factor: toBool(p.reserved_for_second_factor),
    default_second_factor: toBool(p.default_second_factor),
    reserved: toBool(p.reserved),
    verification: verificationOf(p, 'sms'),
    linked_to: [],
    backup_codes: null,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}

export function walletRowToWeb3Wallet(w: WalletRow): Web3Wallet {
  return {
    id: w.id,
    object: 'web3_wallet' as const,
    web3_wallet: w.web3_wallet,
    verification: adminVerificationOf(w.verification_status),
    created_at: w.created_at,
    updated_at: w.updated_at,
  };
}

function byCreation<T extends { created_at: number; id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
}

/**
 * Maps a stored user (with its identifications) to the API's `User` object. The lockout
 * fields depend on the time and the instance's lockout settings; image URLs point at where
 * this server is reached and nowhere else (`readUserView`).
 */
export function userRowToUser(row: UserRowWithIdentifications, view: UserView): User {
  const { baseUrl } = view;
  const lockoutState = lockoutStateOf(row, view.lockout);
  const emails = byCreation(parseJson<EmailRow[] | null>(row.emails) ?? []);
  const phones = byCreation(parseJson<PhoneRow[] | null>(row.phones) ?? []);
  const wallets = byCreation(parseJson<WalletRow[] | null>(row.wallets) ?? []);
  const backupCodes = parseJson<string[] | null>(row.backup_codes);
  const totpEnabled = row.totp_secret !== null;
  const backupCodeEnabled = !!backupCodes && backupCodes.length > 0;
  // A phone number reserved for second factor is one (SMS codes), as in Clerk.
  const phoneSecondFactor = phones.some((p) => toBool(p.reserved_for_second_factor));
  const imageUrl = row.image_id ? imageUrlOf(baseUrl, row.image_id) : defaultAvatarUrlOf(baseUrl);
  const passkeys = parseJson<PasskeyRow[] | null>(row.passkeys) ?? [];
  const externalAccounts = parseJson<ExternalAccountSnapshot[] | null>(row.external_accounts) ?? [];
  return {
    id: row.id,
    object: 'user',
    external_id: row.external_id,
    primary_email_address_id: row.primary_email_address_id,
    primary_phone_number_id: row.primary_phone_number_id,
    primary_web3_wallet_id: row.primary_web3_wallet_id,
    username: row.username,
    first_name: row.first_name,
    last_name: row.last_name,
    locale: row.locale,
    profile_image_url: imageUrl,
    image_url: imageUrl,
    has_image: row.image_id !== null,
    public_metadata: parseJson<Record<string, unknown>>(row.public_metadata),
    private_metadata: parseJson<Record<string, unknown>>(row.private_metadata),
    unsafe_metadata: parseJson<Record<string, unknown>>(row.unsafe_metadata),
    email_addresses: emails.map(emailRowToEmailAddress),
    phone_numbers: phones.map(phoneRowToPhoneNumber),
    web3_wallets: wallets.map(walletRowToWeb3Wallet),
    passkeys: passkeys.map(passkeyRowToPasskey),
    password_enabled: row.password_digest !== null,
    two_factor_enabled: totpEnabled || backupCodeEnabled || phoneSecondFactor,
    totp_enabled: totpEnabled,
    backup_code_enabled: backupCodeEnabled,
    mfa_enabled_at: row.mfa_enabled_at,
    mfa_disabled_at: row.mfa_disabled_at,
    password_last_updated_at: row.password_last_updated_at,
    external_accounts: externalAccounts.map(externalAccountRowToExternalAccount),
    saml_accounts: [],
    enterprise_accounts: [],
    organization_memberships: [],
    last_sign_in_at: row.last_sign_in_at,
    banned: toBool(row.banned),
    locked: lockoutState.locked,
    deprovisioned: false,
    lockout_expires_in_seconds: lockoutState.expiresInSeconds,
    verification_attempts_remaining: lockoutState.attemptsRemaining,
    updated_at: row.updated_at,
    created_at: row.created_at,
    delete_self_enabled: toBool(row.delete_self_enabled),
    create_organization_enabled: toBool(row.create_organization_enabled),
    create_organizations_limit: row.create_organizations_limit,
    last_active_at: row.last_active_at,
    legal_accepted_at: row.legal_accepted_at,
    bypass_client_trust: toBool(row.bypass_client_trust),
  };
}

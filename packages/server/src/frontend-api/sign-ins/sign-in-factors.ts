import type { User } from '../../users/user-mapper.js';

/** A factor a sign-in can use (Clerk's `Stubs.SignInFactor`). */
export interface SignInFactor {
  strategy: string;
  safe_identifier?: string;
  email_address_id?: string;
  phone_number_id?: string;
  primary?: boolean;
}

/** `j***@example.com`, `+1******0100`: how Clerk shows an identifier the person did not type. */
export function maskIdentifier(value: string): string {
  const at = value.lastIndexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  if (value.length <= 6) return value;
  return `${value.slice(0, 2)}${'*'.repeat(value.length - 6)}${value.slice(-4)}`;
}

function safeIdentifier(address: string, typed: string | null): string {
  return typed !== null && address.toLowerCase() === typed.trim().toLowerCase()
    ? address
    : maskIdentifier(address);
}

/**
 * The first factors of `user`, from what the account has: a password, and a code to each
 * verified email address or phone number (and, with a password, a reset code to each). The
 * address the person typed is shown whole; the others masked, as Clerk does.
 */
export function firstFactorsOf(user: User, typed: string | null): SignInFactor[] {
  const factors: SignInFactor[] = [];
  if (user.password_enabled) factors.push({ strategy: 'password' });
  const emails = user.email_addresses.filter((e) => e.verification?.status === 'verified');
  const phones = user.phone_numbers.filter((p) => p.verification?.status === 'verified');
  /** A code to each verified address and number, under the given strategies. */
  const codes = (emailStrategy: string, phoneStrategy: string) => {
    for (const e of emails) {
      factors.push({
        strategy: emailStrategy,
        safe_identifier: safeIdentifier(e.email_address, typed),
        email_address_id: e.id,
        primary: e.id === user.primary_email_address_id,
      });
    }
    for (const p of phones) {
      factors.push({
        strategy: phoneStrategy,
        safe_identifier: safeIdentifier(p.phone_number, typed),
        phone_number_id: p.id,
        primary: p.id === user.primary_phone_number_id,
      });
    }
  };
  codes('email_code', 'phone_code');
  if (user.password_enabled) codes('reset_password_email_code', 'reset_password_phone_code');
  return factors;
}

/** The second factors Castellan verifies at sign-in: TOTP and backup codes. */
export function secondFactorsOf(user: User): SignInFactor[] {
  const factors: SignInFactor[] = [];
  if (user.totp_enabled) factors.push({ strategy: 'totp' });
  if (user.backup_code_enabled) factors.push({ strategy: 'backup_code' });
  return factors;
}

/** Whether a sign-in of `user` needs a second factor once the first is verified. */
export function needsSecondFactor(user: User): boolean {
  return secondFactorsOf(user).length > 0;
}

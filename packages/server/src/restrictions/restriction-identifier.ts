import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { normalizeEmail } from '../identifiers/email.js';
import { normalizePhone } from '../identifiers/phone.js';
import { normalizeWeb3Wallet } from '../identifiers/web3-wallet.js';

export type IdentifierType = 'email_address' | 'phone_number' | 'web3_wallet';

/** An allow-list or block-list identifier as stored. */
export interface RestrictionIdentifier {
  /** What the API answers: the identifier normalized (trimmed email, E.164 phone). */
  identifier: string;
  /** The uniqueness and lookup key, the same one enforcement derives from a user's identifier. */
  key: string;
  type: IdentifierType;
}

const DOMAIN_WILDCARD = '*@';

/** The lookup key of every email of one domain (`*@example.com`). */
export function domainWildcardKey(emailLower: string): string {
  return DOMAIN_WILDCARD + emailLower.slice(emailLower.lastIndexOf('@') + 1);
}

/**
 * Reads an identifier sent to the allow-list or block-list: an email address, every address
 * of a domain (`*@example.com`, typed `email_address` as Clerk does), a phone number in
 * E.164 or a web3 wallet. They are told apart by their shape (`@`, a leading `+`), and each
 * is validated and normalized by the same rules as a user's identifiers, so an entry matches
 * exactly the users' identifiers it names.
 */
export function parseRestrictionIdentifier(raw: string): RestrictionIdentifier {
  const value = raw.trim();
  try {
    if (value.startsWith(DOMAIN_WILDCARD)) {
      // The domain is checked as the domain of an address would be.
      const domain = normalizeEmail(`x${value.slice(1)}`).lower.slice(2);
      const identifier = DOMAIN_WILDCARD + domain;
      return { identifier, key: identifier, type: 'email_address' };
    }
    if (value.includes('@')) {
      const email = normalizeEmail(value);
      return { identifier: email.address, key: email.lower, type: 'email_address' };
    }
    if (value.startsWith('+')) {
      const phone = normalizePhone(value);
      return { identifier: phone, key: phone, type: 'phone_number' };
    }
    const wallet = normalizeWeb3Wallet(value);
    return { identifier: wallet.address, key: wallet.lower, type: 'web3_wallet' };
  } catch (error) {
    if (error instanceof ClerkApiError) throw apiErrors.restrictionIdentifierInvalid();
    throw error;
  }
}

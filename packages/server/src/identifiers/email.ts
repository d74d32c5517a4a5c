import { apiErrors } from '../errors/api-errors.js';

export interface NormalizedEmail {
  /** As given, without surrounding whitespace: what the user sees. */
  address: string;
  /** Lowercased: the uniqueness key, as Clerk treats addresses case-insensitively. */
  lower: string;
}

/**
 * A sensible subset of RFC 5321/5322: a dot-atom local part (no quoted strings, no
 * comments) and a host name (no IP literals), since an address outside it is far
 * likelier a typo than a real mailbox. Letters beyond ASCII are allowed on both sides
 * (RFC 6531 internationalised addresses, IDN domains).
 */
const ATOM = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, 'u');
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u;
const TOP_LEVEL = /^(?:[\p{L}\p{M}]{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/** RFC 5321 limits: 64 octets of local part, 254 for the whole forward path. */
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;

function isValidDomain(domain: string): boolean {
  const labels = domain.split('.');
  const top = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(top);
}

/**
 * Validates an email address and returns its display form and uniqueness key.
 * `paramName` names the parameter in the error (`email_address`, ...).
 */
export function normalizeEmail(raw: string, paramName = 'email_address'): NormalizedEmail {
  const address = raw.trim();
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const valid =
    at > 0 &&
    Buffer.byteLength(address, 'utf8') <= MAX_ADDRESS &&
    Buffer.byteLength(local, 'utf8') <= MAX_LOCAL &&
    LOCAL_PART.test(local) &&
    isValidDomain(domain);
  if (!valid) {
    throw apiErrors.emailInvalid(paramName);
  }
  return { address, lower: address.toLowerCase() };
}

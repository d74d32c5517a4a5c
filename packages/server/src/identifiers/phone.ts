import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { apiErrors } from '../errors/api-errors.js';

/**
 * `+`, then digits, optionally grouped with spaces, dashes, dots or parentheses as
 * people write them (`+1 (415) 555-2671`). Without the `+` the country is a guess,
 * and Clerk asks for E.164, so a national or `00`-prefixed number is refused.
 */
const INTERNATIONAL = /^\+\d[\d\s().-]*\d$/;

/**
 * Validates a phone number and returns it in E.164 (`+14155552671`), which is both
 * how it is stored and its uniqueness key. Uses libphonenumber's full metadata so a
 * number must exist in its country's numbering plan, not merely have the right length.
 */
export function normalizePhone(raw: string, paramName = 'phone_number'): string {
  const input = raw.trim();
  const invalid = () => apiErrors.phoneInvalid(paramName);
  if (!INTERNATIONAL.test(input)) throw invalid();
  let phone;
  try {
    phone = parsePhoneNumberWithError(input);
  } catch {
    throw invalid();
  }
  if (!phone.isValid()) throw invalid();
  return phone.number;
}

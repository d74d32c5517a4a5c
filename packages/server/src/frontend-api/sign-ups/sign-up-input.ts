import { apiErrors } from '../../errors/api-errors.js';
import { normalizeEmail } from '../../identifiers/email.js';
import { normalizePhone } from '../../identifiers/phone.js';
import { normalizeUsername } from '../../identifiers/username.js';
import { checkNewPassword } from '../../passwords/password-policy.js';
import { hashPassword } from '../../passwords/password-hash.js';
import type { Scope } from '../../platform/scope.js';
import { assertIdentifiersAllowed } from '../../restrictions/restriction-service.js';
import { assertIdentifiersFree } from '../../users/user-identifiers.js';
import { formBoolean, formString, optionalFormString, type FormFields } from '../fapi-context.js';
import type { SignUpRequirements } from './sign-up-requirements.js';

/** A sign-up's fields as a request sets them: `null` clears one, absent leaves it. */
export interface SignUpChanges {
  emailAddress?: string | null;
  phoneNumber?: string | null;
  username?: string | null;
  password?: { digest: string; hasher: string } | null;
  firstName?: string | null;
  lastName?: string | null;
  unsafeMetadata?: Record<string, unknown>;
  locale?: string | null;
  legalAcceptedAt?: number | null;
}

const MAX_NAME_LENGTH = 256;

/** A text field: absent (undefined), cleared (clerk-js sends `null` as ``), or set. */
function textField(body: FormFields, name: string): string | null | undefined {
  const raw = formString(body, name);
  if (raw === undefined) return undefined;
  const value = raw.trim();
  return value === '' ? null : value;
}

function parseMetadata(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw apiErrors.paramFormatInvalid('unsafe_metadata', 'must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw apiErrors.paramFormatInvalid('unsafe_metadata', 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Reads and checks the fields of a sign-up create or update, with the rules CreateUser
 * applies: formats, the instance's identifier modes (a field it has off is refused), its
 * allow- and block-lists, identifiers already taken (`form_identifier_exists`) and its
 * password policy (`form_password_pwned`, `form_password_length_too_short`, …). Everything
 * cheap is checked before the password is hashed.
 */
export async function readSignUpChanges(
  scope: Scope,
  body: FormFields,
  rules: SignUpRequirements,
): Promise<SignUpChanges> {
  const changes: SignUpChanges = {};
  const email = textField(body, 'email_address');
  const phone = textField(body, 'phone_number');
  const username = textField(body, 'username');
  for (const [field, value] of [
    ['email_address', email],
    ['phone_number', phone],
    ['username', username],
  ] as const) {
    if (value && rules.off.includes(field)) throw apiErrors.fieldNotAllowed(field);
  }
  if (email !== undefined) changes.emailAddress = email && normalizeEmail(email).address;
  if (phone !== undefined) changes.phoneNumber = phone && normalizePhone(phone);
  const normalizedUsername = username ? normalizeUsername(username) : undefined;
  if (username !== undefined) changes.username = normalizedUsername?.username ?? null;
  for (const [key, name] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
  ] as const) {
    const value = textField(body, name);
    if (value && [...value].length > MAX_NAME_LENGTH) {
      throw apiErrors.paramFormatInvalid(name, `must be at most ${MAX_NAME_LENGTH} characters`);
    }
    if (value !== undefined) changes[key] = value;
  }
  const metadata = optionalFormString(body, 'unsafe_metadata');
  if (metadata !== undefined) changes.unsafeMetadata = parseMetadata(metadata);
  const locale = textField(body, 'locale');
  if (locale !== undefined) changes.locale = locale;
  const legal = formBoolean(body, 'legal_accepted');
  if (legal !== undefined) changes.legalAcceptedAt = legal ? scope.clock.now() : null;

  const emails = changes.emailAddress ? [changes.emailAddress.toLowerCase()] : [];
  const phones = changes.phoneNumber ? [changes.phoneNumber] : [];
  await assertIdentifiersAllowed(scope.db, scope.instanceId, { emails, phones, wallets: [] });
  await assertIdentifiersFree(scope.db, scope.instanceId, {
    emails,
    phones,
    wallets: [],
    username: normalizedUsername?.lower ?? null,
  });
  const password = formString(body, 'password');
  if (password !== undefined && password !== '') {
    if (rules.off.includes('password')) throw apiErrors.fieldNotAllowed('password');
    await checkNewPassword(password, { policy: rules.password });
    changes.password = await hashPassword(password);
  }
  return changes;
}

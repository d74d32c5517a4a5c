import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { normalizeEmail } from '../identifiers/email.js';
import { normalizePhone } from '../identifiers/phone.js';
import { normalizeUsername } from '../identifiers/username.js';
import type { Scope } from '../platform/scope.js';
import { readLockoutView } from './user-lockout-state.js';
import {
  assertNotLocked,
  recordFailedVerification,
  recordSuccessfulVerification,
} from './user-lockout.js';
import { findUserById } from './user-store.js';
import { toBool } from '../db/values.js';
import {
  findEmailHolder,
  findPhoneHolder,
  findUsernameHolder,
  type IdentificationHeld,
} from './user-lookup-store.js';

/** The user holding an identifier, and which identification matched (null for a username). */
export interface IdentifierHolder {
  userId: string;
  identificationId: string | null;
}

/**
 * An email address or phone number identifies its user when verified or reserved for them
 * (CreateUser's `reserved`: unverified but usable for sign-in); an unverified one does not.
 */
function holderOf(row: IdentificationHeld | undefined): IdentifierHolder | undefined {
  if (!row || (row.verification_status !== 'verified' && !toBool(row.reserved))) return undefined;
  return { userId: row.user_id, identificationId: row.id };
}

/** What an identifier a person types was read as. */
export type IdentifierKind = 'email_address' | 'phone_number' | 'username';

/** `value` normalized as `kind`, or undefined when it is not a valid one. */
function normalizedAs(kind: IdentifierKind, value: string): string | undefined {
  try {
    if (kind === 'email_address') return normalizeEmail(value).lower;
    if (kind === 'phone_number') return normalizePhone(value);
    return normalizeUsername(value).lower;
  } catch (error) {
    if (error instanceof ClerkApiError) return undefined;
    throw error;
  }
}

/**
 * The user an identifier typed at sign-in names, among the kinds the instance allows: an
 * email address (it has an `@`), else a phone number (it starts with `+` and parses), else
 * a username. Undefined when no user holds it (or it is none of the allowed kinds). `key`
 * is the identifier normalized as stored (lowercased email, E.164 phone, lowercased username).
 */
export async function findUserByIdentifier(
  scope: Scope,
  identifier: string,
  kinds: readonly IdentifierKind[],
): Promise<(IdentifierHolder & { kind: IdentifierKind; key: string }) | undefined> {
  const { db, instanceId } = scope;
  const value = identifier.trim();
  const order: IdentifierKind[] = value.includes('@')
    ? ['email_address']
    : value.startsWith('+')
      ? ['phone_number', 'username']
      : ['username', 'phone_number'];
  for (const kind of order) {
    if (!kinds.includes(kind)) continue;
    const key = normalizedAs(kind, value);
    if (key === undefined) continue;
    const holder =
      kind === 'email_address'
        ? holderOf(await findEmailHolder(db, instanceId, key))
        : kind === 'phone_number'
          ? holderOf(await findPhoneHolder(db, instanceId, key))
          : await findUsernameHolder(db, instanceId, key).then(
              (row) => row && { userId: row.id, identificationId: null },
            );
    if (holder) return { ...holder, kind, key };
  }
  return undefined;
}

/**
 * Before a sign-in code is checked: a locked user is refused (`user_locked`), as before a
 * password. Returns what counting the attempt's outcome needs.
 */
export async function assertUserMayVerify(scope: Scope, userId: string) {
  const row = await findUserById(scope.db, scope.instanceId, userId);
  if (!row) throw apiErrors.notFound('user', userId);
  const view = await readLockoutView(scope.db, scope.instanceId, scope.clock.now());
  assertNotLocked(row, view);
  return { row, view };
}

/**
 * After a sign-in code was checked: a wrong one counts against the user's lockout (its own
 * write; returns `user_locked` when this attempt locked the user), a right one forgets the
 * failed attempts.
 */
export async function recordCodeOutcome(
  scope: Scope,
  checked: Awaited<ReturnType<typeof assertUserMayVerify>>,
  correct: boolean,
): Promise<ClerkApiError | undefined> {
  if (correct) {
    await recordSuccessfulVerification(scope, checked.row, checked.view);
    return undefined;
  }
  return recordFailedVerification(scope, checked.row.id, checked.view);
}

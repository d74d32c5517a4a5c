import type { RequestBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { toBool } from '../db/values.js';
import { assertIdentifierEnabled } from '../instances/instance-config.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { normalizePhone } from '../identifiers/phone.js';
import type { Scope } from '../platform/scope.js';
import { assertIdentifiersAllowed } from '../restrictions/restriction-service.js';
import { identificationsOfUser } from '../users/identification-tables.js';
import { assertIdentifiersFree } from '../users/user-identifiers.js';
import { phoneRowToPhoneNumber, type User } from '../users/user-mapper.js';
import type { PhoneRow } from '../users/user-rows.js';
import {
  deleteIdentificationRows,
  findPhoneRow,
  insertPhoneRow,
  updateIdentificationRow,
  type IdentificationPatch,
} from './identification-store.js';
import { writeIdentifications, type IdentificationWork } from './identification-writes.js';
import { ADMIN_UNVERIFIED, ADMIN_VERIFIED, REPLACEMENT_STATUS } from './verification-columns.js';

export type PhoneNumber = User['phone_numbers'][number];

function phoneOf(user: User | undefined, id: string): PhoneNumber {
  const phone = user?.phone_numbers.find((p) => p.id === id);
  if (!phone) throw apiErrors.notFound('phone_number', id);
  return phone;
}

async function existingPhone(scope: Scope, id: string): Promise<PhoneRow> {
  const row = await findPhoneRow(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound('phone_number', id);
  return row;
}

async function lockedPhone({ tx, user }: IdentificationWork, id: string): Promise<PhoneRow> {
  const row = await findPhoneRow(tx.db, tx.instanceId, id);
  if (!row || row.user_id !== user.id) throw apiErrors.notFound('phone_number', id);
  return row;
}

/**
 * After the user's second-factor phones changed: exactly one of those reserved for second
 * factor is the default (the one that was, else the oldest), none when none is reserved.
 */
async function settleDefaultSecondFactor(db: Kysely<Db>, instanceId: string, userId: string) {
  const phones = await identificationsOfUser(db, 'phone_numbers', instanceId, userId);
  const reserved = phones.filter((p) => toBool(p.reserved_for_second_factor));
  const keep = reserved.find((p) => toBool(p.default_second_factor)) ?? reserved[0];
  for (const p of phones) {
    const isDefault = p.id === keep?.id;
    if (toBool(p.default_second_factor) !== isDefault) {
      await updateIdentificationRow(db, 'phone_numbers', instanceId, p.id, {
        default_second_factor: isDefault,
      });
    }
  }
}

export async function getPhoneNumber(scope: Scope, id: string): Promise<PhoneNumber> {
  return phoneRowToPhoneNumber(await existingPhone(scope, id));
}

/**
 * `POST /v1/phone_numbers`: a new number (E.164) for an existing user, unverified unless
 * `verified`; `primary` and `reserved_for_second_factor` need it verified.
 */
export async function createPhoneNumber(
  scope: Scope,
  input: RequestBody<'CreatePhoneNumber'>,
): Promise<PhoneNumber> {
  const number = normalizePhone(input.phone_number, 'phone_number');
  await assertIdentifiersAllowed(scope.db, scope.instanceId, { phones: [number] });
  const verified = input.verified === true;
  if (input.primary === true && !verified) {
    throw apiErrors.paramValueInvalid(
      'primary',
      'needs verified: true (an unverified phone number cannot become primary)',
    );
  }
  const secondFactor = input.reserved_for_second_factor === true;
  if (secondFactor && !verified) throw apiErrors.secondFactorNotVerified();
  // A number kept only for the second factor is no identifier: the rule does not apply.
  if (!secondFactor) await assertIdentifierEnabled(scope.db, scope.instanceId, 'phone_number');
  const { user, value: id } = await writeIdentifications(scope, input.user_id, true, async (w) => {
    const { tx } = w;
    await assertIdentifiersFree(tx.db, tx.instanceId, {
      emails: [],
      phones: [number],
      wallets: [],
    });
    const id = generateId('idn', tx.now);
    await insertPhoneRow(tx.db, {
      id,
      instance_id: tx.instanceId,
      user_id: w.user.id,
      phone_number: number,
      reserved: false,
      reserved_for_second_factor: secondFactor,
      default_second_factor: false,
      ...(verified ? ADMIN_VERIFIED : ADMIN_UNVERIFIED),
      created_at: tx.now,
      updated_at: tx.now,
    });
    if (secondFactor) await settleDefaultSecondFactor(tx.db, tx.instanceId, w.user.id);
    if (input.primary === true) w.setPrimary({ primary_phone_number_id: id });
    return id;
  });
  return phoneOf(user, id);
}

/**
 * `PATCH /v1/phone_numbers/{id}`: `verified`, `primary` (needs it verified; `false` on the
 * primary is refused) and `reserved_for_second_factor` (needs it verified; a number that is
 * reserved cannot be unverified without giving that up in the same request).
 */
export async function updatePhoneNumber(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdatePhoneNumber'>,
): Promise<PhoneNumber> {
  const found = await existingPhone(scope, id);
  const { user } = await writeIdentifications(scope, found.user_id, true, async (w) => {
    const { tx } = w;
    const row = await lockedPhone(w, id);
    const patch: IdentificationPatch = { updated_at: tx.now };
    const status = row.verification_status;
    if (input.verified === true && status !== 'verified') Object.assign(patch, ADMIN_VERIFIED);
    if (input.verified === false && status === 'verified') Object.assign(patch, ADMIN_UNVERIFIED);
    const verified = (patch.verification_status ?? status) === 'verified';
    const rsf = input.reserved_for_second_factor;
    if (rsf === true || rsf === false) patch.reserved_for_second_factor = rsf;
    const secondFactor = patch.reserved_for_second_factor ?? toBool(row.reserved_for_second_factor);
    if (secondFactor && !verified) throw apiErrors.secondFactorNotVerified();
    if (input.primary === true) {
      if (!verified) throw apiErrors.primaryNotVerified('primary', id);
      w.setPrimary({ primary_phone_number_id: id });
    }
    if (input.primary === false && w.user.primary_phone_number_id === id) {
      throw apiErrors.primaryCannotBeUnset(id, 'phone number');
    }
    if (secondFactor === false) patch.default_second_factor = false;
    await updateIdentificationRow(tx.db, 'phone_numbers', tx.instanceId, id, patch);
    await settleDefaultSecondFactor(tx.db, tx.instanceId, w.user.id);
  });
  return phoneOf(user, id);
}

/** `DELETE /v1/phone_numbers/{id}`: a deleted primary falls to the oldest remaining number. */
export async function deletePhoneNumber(scope: Scope, id: string) {
  const found = await existingPhone(scope, id);
  await writeIdentifications(scope, found.user_id, true, async (w) => {
    await lockedPhone(w, id);
    await deleteIdentificationRows(w.tx.db, 'phone_numbers', w.tx.instanceId, w.user.id, { id });
    await settleDefaultSecondFactor(w.tx.db, w.tx.instanceId, w.user.id);
  });
  return { object: 'phone_number', id, deleted: true };
}

/**
 * `PUT /v1/users/{user_id}/phone_number`: the user's numbers are replaced by this one,
 * primary, never reserved for second factor (so SMS stops being a second factor). A number
 * the user already has keeps its ID.
 */
export async function replaceUserPhoneNumber(
  scope: Scope,
  userId: string,
  input: RequestBody<'ReplaceUserPhoneNumber'>,
): Promise<PhoneNumber> {
  const number = normalizePhone(input.phone_number, 'phone_number');
  await assertIdentifiersAllowed(scope.db, scope.instanceId, { phones: [number] });
  const columns = {
    ...REPLACEMENT_STATUS[input.identification_status ?? 'verified'],
    reserved_for_second_factor: false,
    default_second_factor: false,
  };
  const { user, value: id } = await writeIdentifications(scope, userId, true, async (w) => {
    const { tx } = w;
    await assertIdentifiersFree(
      tx.db,
      tx.instanceId,
      { emails: [], phones: [number], wallets: [] },
      userId,
    );
    const phones = await identificationsOfUser(tx.db, 'phone_numbers', tx.instanceId, userId);
    const kept = phones.find((p) => p.phone_number === number);
    const id = kept?.id ?? generateId('idn', tx.now);
    await deleteIdentificationRows(tx.db, 'phone_numbers', tx.instanceId, userId, {
      exceptId: kept?.id ?? null,
    });
    if (kept) {
      await updateIdentificationRow(tx.db, 'phone_numbers', tx.instanceId, id, {
        ...columns,
        updated_at: tx.now,
      });
    } else {
      await insertPhoneRow(tx.db, {
        id,
        instance_id: tx.instanceId,
        user_id: userId,
        phone_number: number,
        ...columns,
        created_at: tx.now,
        updated_at: tx.now,
      });
    }
    w.setPrimary({ primary_phone_number_id: id });
    return id;
  });
  return phoneOf(user, id);
}

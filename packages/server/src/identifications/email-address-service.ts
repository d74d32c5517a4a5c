import type { RequestBody } from '@castellan/contract';
import { parseJson } from '../db/values.js';
import { assertIdentifierEnabled } from '../instances/instance-config.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { normalizeEmail } from '../identifiers/email.js';
import type { Scope } from '../platform/scope.js';
import { assertIdentifiersAllowed } from '../restrictions/restriction-service.js';
import { primaryEmailChangeNotice } from '../users/primary-email-notice.js';
import { assertIdentifiersFree } from '../users/user-identifiers.js';
import { emailRowToEmailAddress, type User } from '../users/user-mapper.js';
import type { EmailRow, UserRowWithIdentifications } from '../users/user-rows.js';
import {
  deleteIdentificationRows,
  findEmailRow,
  insertEmailRow,
  updateIdentificationRow,
  type IdentificationPatch,
} from './identification-store.js';
import { writeIdentifications, type IdentificationWork } from './identification-writes.js';
import { ADMIN_UNVERIFIED, ADMIN_VERIFIED, REPLACEMENT_STATUS } from './verification-columns.js';

export type EmailAddress = User['email_addresses'][number];

function emailOf(user: User | undefined, id: string): EmailAddress {
  const email = user?.email_addresses.find((e) => e.id === id);
  if (!email) throw apiErrors.notFound('email_address', id);
  return email;
}

async function existingEmail(scope: Scope, id: string): Promise<EmailRow> {
  const row = await findEmailRow(scope.db, scope.instanceId, id);
  if (!row) throw apiErrors.notFound('email_address', id);
  return row;
}

/** The row again inside the write (it may have gone since it was looked up). */
async function lockedEmail({ tx, user }: IdentificationWork, id: string): Promise<EmailRow> {
  const row = await findEmailRow(tx.db, tx.instanceId, id);
  if (!row || row.user_id !== user.id) throw apiErrors.notFound('email_address', id);
  return row;
}

/**
 * Makes `id` the user's primary email address and, when asked, tells the previous primary
 * address (if there was one, and it is another) about the change.
 */
async function makePrimary(w: IdentificationWork, id: string, address: string, notify: boolean) {
  w.setPrimary({ primary_email_address_id: id });
  const draft = notify ? primaryEmailChangeNotice(w.user, { id, address }) : undefined;
  if (draft) await w.send(draft);
}

export async function getEmailAddress(scope: Scope, id: string): Promise<EmailAddress> {
  return emailRowToEmailAddress(await existingEmail(scope, id));
}

/**
 * `POST /v1/email_addresses`: a new address for an existing user, unverified unless
 * `verified`; the user's first address becomes primary, another only with `primary` (which
 * needs it verified, as `UpdateUser` does).
 */
export async function createEmailAddress(
  scope: Scope,
  input: RequestBody<'CreateEmailAddress'>,
): Promise<EmailAddress> {
  const email = normalizeEmail(input.email_address, 'email_address');
  await assertIdentifierEnabled(scope.db, scope.instanceId, 'email_address');
  await assertIdentifiersAllowed(scope.db, scope.instanceId, { emails: [email.lower] });
  const verified = input.verified === true;
  if (input.primary === true && !verified) {
    throw apiErrors.paramValueInvalid(
      'primary',
      'needs verified: true (an unverified address cannot become primary)',
    );
  }
  const { user, value: id } = await writeIdentifications(scope, input.user_id, true, async (w) => {
    const { tx } = w;
    await assertIdentifiersFree(tx.db, tx.instanceId, {
      emails: [email.lower],
      phones: [],
      wallets: [],
    });
    const id = generateId('idn', tx.now);
    await insertEmailRow(tx.db, {
      id,
      instance_id: tx.instanceId,
      user_id: w.user.id,
      email_address: email.address,
      email_lower: email.lower,
      reserved: false,
      ...(verified ? ADMIN_VERIFIED : ADMIN_UNVERIFIED),
      created_at: tx.now,
      updated_at: tx.now,
    });
    if (input.primary === true) {
      await makePrimary(w, id, email.address, input.notify_primary_email_address_changed === true);
    }
    return id;
  });
  return emailOf(user, id);
}

/**
 * `PATCH /v1/email_addresses/{id}`: `verified` marks it verified (by the admin) or
 * unverified; `primary: true` makes it primary (it must be verified). `primary: false` on
 * the primary address is refused: make another one primary instead.
 */
export async function updateEmailAddress(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateEmailAddress'>,
): Promise<EmailAddress> {
  const found = await existingEmail(scope, id);
  const { user } = await writeIdentifications(scope, found.user_id, true, async (w) => {
    const { tx } = w;
    const row = await lockedEmail(w, id);
    const patch: IdentificationPatch = { updated_at: tx.now };
    let status = row.verification_status;
    if (input.verified === true && status !== 'verified') Object.assign(patch, ADMIN_VERIFIED);
    if (input.verified === false && status === 'verified') Object.assign(patch, ADMIN_UNVERIFIED);
    status = patch.verification_status ?? status;
    if (input.primary === true) {
      if (status !== 'verified') throw apiErrors.primaryNotVerified('primary', id);
      const notify = input.notify_primary_email_address_changed === true;
      await makePrimary(w, id, row.email_address, notify);
    }
    if (input.primary === false && w.user.primary_email_address_id === id) {
      throw apiErrors.primaryCannotBeUnset(id, 'email address');
    }
    await updateIdentificationRow(tx.db, 'email_addresses', tx.instanceId, id, patch);
  });
  return emailOf(user, id);
}

/** `DELETE /v1/email_addresses/{id}`: a deleted primary falls to the oldest remaining address. */
export async function deleteEmailAddress(scope: Scope, id: string) {
  const found = await existingEmail(scope, id);
  await writeIdentifications(scope, found.user_id, true, async (w) => {
    await lockedEmail(w, id);
    await deleteIdentificationRows(w.tx.db, 'email_addresses', w.tx.instanceId, w.user.id, { id });
  });
  return { object: 'email_address', id, deleted: true };
}

/**
 * `PUT /v1/users/{user_id}/email_address`: the user's addresses are replaced by this one,
 * primary, with the status asked for. An address the user already has keeps its ID (and is
 * not reported as a change of primary if it was the primary already).
 */
export async function replaceUserEmailAddress(
  scope: Scope,
  userId: string,
  input: RequestBody<'ReplaceUserEmailAddress'>,
): Promise<EmailAddress> {
  const email = normalizeEmail(input.email_address, 'email_address');
  await assertIdentifiersAllowed(scope.db, scope.instanceId, { emails: [email.lower] });
  const columns = REPLACEMENT_STATUS[input.identification_status ?? 'verified'];
  const { user, value: id } = await writeIdentifications(scope, userId, true, async (w) => {
    const { tx } = w;
    await assertIdentifiersFree(
      tx.db,
      tx.instanceId,
      { emails: [email.lower], phones: [], wallets: [] },
      userId,
    );
    const kept = emailsOf(w.user).find((e) => e.email_lower === email.lower);
    const id = kept?.id ?? generateId('idn', tx.now);
    await deleteIdentificationRows(tx.db, 'email_addresses', tx.instanceId, userId, {
      exceptId: kept?.id ?? null,
    });
    if (kept) {
      await updateIdentificationRow(tx.db, 'email_addresses', tx.instanceId, id, {
        email_address: email.address,
        ...columns,
        updated_at: tx.now,
      });
    } else {
      await insertEmailRow(tx.db, {
        id,
        instance_id: tx.instanceId,
        user_id: userId,
        email_address: email.address,
        email_lower: email.lower,
        ...columns,
        created_at: tx.now,
        updated_at: tx.now,
      });
    }
    await makePrimary(w, id, email.address, input.notify_primary_email_address_changed === true);
    return id;
  });
  return emailOf(user, id);
}

function emailsOf(user: UserRowWithIdentifications): EmailRow[] {
  return parseJson<EmailRow[] | null>(user.emails) ?? [];
}

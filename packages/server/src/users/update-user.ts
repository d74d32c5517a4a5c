import type { RequestBody } from '@castellan/contract';
import type { Updateable } from 'kysely';
import type { UsersTable } from '../db/schema.js';
import { parseJson } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { deliverMessages, recordMessage } from '../messages/message-service.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { endSessionsOfUsers } from '../sessions/session-lifecycle.js';
import { serializeMetadata } from '../platform/metadata.js';
import { primaryEmailChangeNotice } from './primary-email-notice.js';
import { mfaTimestamps } from './second-factors.js';
import { readUserRules } from '../instances/instance-config.js';
import { checkOrganizationsLimit, checkUsernameRule } from './user-fields.js';
import { assertIdentifiersFree, normalizeOptionalUsername } from './user-identifiers.js';
import type { User } from './user-mapper.js';
import { removeFiles, setUserImage, useProfileImage } from './user-profile-image.js';
import type { EmailRow, PhoneRow, UserRowWithIdentifications, WalletRow } from './user-rows.js';
import {
  preparePassword,
  prepareBackupCodes,
  prepareTotpSecret,
  sealTotpSecret,
} from './user-secrets.js';
import { updateUserRow } from './user-store.js';
import { lockExistingUser, parseTimestampParam, writeUser } from './user-writes.js';

type UpdateUserInput = RequestBody<'UpdateUser'>;

/** From this API version on, metadata in `PATCH /v1/users/{id}` is rejected (use …/metadata). */
const METADATA_REJECTED_FROM = '2026-05-12';

function primaryOf<T extends { id: string; verification_status: string }>(
  rows: T[],
  id: string | null,
  param: string,
): T | null {
  if (id === null) return null;
  const row = rows.find((r) => r.id === id);
  if (!row) throw apiErrors.primaryNotOwned(param, id);
  if (row.verification_status !== 'verified') throw apiErrors.primaryNotVerified(param, id);
  return row;
}

function has<K extends keyof UpdateUserInput>(input: UpdateUserInput, key: K): boolean {
  return input[key] !== undefined;
}

/** `PATCH /v1/users/{user_id}`: every field sent is applied; `null` clears a nullable one. */
export async function updateUser(
  scope: Scope,
  userId: string,
  input: UpdateUserInput,
  apiVersion?: string,
): Promise<User> {
  if (apiVersion && apiVersion >= METADATA_REJECTED_FROM) {
    for (const key of ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const) {
      if (has(input, key)) throw apiErrors.metadataNotAcceptedHere(key, METADATA_REJECTED_FROM);
    }
  }
  const username = normalizeOptionalUsername(input.username);
  // The instance's configured identifier and password rules (docs/configuration.md).
  const rules = await readUserRules(scope.db, scope.instanceId);
  checkUsernameRule(rules.identifiers, username);
  const totpSecret = prepareTotpSecret(input.totp_secret);
  const now = scope.clock.now();
  const patch: Updateable<UsersTable> = { updated_at: now };
  for (const key of ['external_id', 'first_name', 'last_name', 'locale'] as const) {
    if (has(input, key)) patch[key] = input[key] === '' ? null : (input[key] ?? null);
  }
  if (username !== undefined) {
    patch.username = username?.username ?? null;
    patch.username_lower = username?.lower ?? null;
  }
  if (totpSecret !== undefined) {
    patch.totp_secret = totpSecret && sealTotpSecret(scope.secrets, userId, totpSecret);
    patch.totp_last_used_step = null; // steps used with the old secret say nothing of the new
  }
  for (const key of ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const) {
    if (has(input, key)) patch[key] = serializeMetadata(input[key] ?? {}, key);
  }
  for (const key of [
    'delete_self_enabled',
    'create_organization_enabled',
    'bypass_client_trust',
  ] as const) {
    if (input[key] !== undefined && input[key] !== null) patch[key] = input[key];
  }
  if (has(input, 'create_organizations_limit'))
    patch.create_organizations_limit =
      checkOrganizationsLimit(input.create_organizations_limit) ?? null;
  if (has(input, 'legal_accepted_at')) {
    patch.legal_accepted_at = input.legal_accepted_at
      ? parseTimestampParam(input.legal_accepted_at, 'legal_accepted_at')
      : null;
  }
  if (input.created_at) patch.created_at = parseTimestampParam(input.created_at, 'created_at');
  // Hashing comes last: a request that fails a cheap check costs no bcrypt.
  const password = await preparePassword(input, rules.password);
  // Signing out is part of a password change; sent without one it would do nothing.
  const signOut = input.sign_out_of_other_sessions === true;
  if (signOut && !password) {
    throw apiErrors.paramsRequiredTogether('password', 'sign_out_of_other_sessions');
  }
  if (password) {
    patch.password_digest = password.digest;
    patch.password_hasher = password.hasher;
    patch.password_last_updated_at = now;
  }
  const backupCodes = await prepareBackupCodes(input.backup_codes);
  if (backupCodes !== undefined) patch.backup_codes = backupCodes;

  const touchesSearch =
    has(input, 'username') || has(input, 'first_name') || has(input, 'last_name');
  // Files of an image `profile_image_id: null` removed, deleted once the change commits.
  let removedImages: string[] = [];
  const outgoing: OutgoingMessage[] = [];
  const work = async (tx: WriteTx) => {
    const current = await lockExistingUser(tx, userId);
    applyPrimaries(current, input, patch);
    if (input.notify_primary_email_address_changed === true) {
      const next = (parseJson<EmailRow[] | null>(current.emails) ?? []).find(
        (e) => e.id === patch.primary_email_address_id,
      );
      const draft =
        next && primaryEmailChangeNotice(current, { id: next.id, address: next.email_address });
      if (draft) outgoing.push(await recordMessage(tx, draft));
    }
    applyMfaTimestamps(current, patch, now);
    await assertIdentifiersFree(
      tx.db,
      tx.instanceId,
      {
        emails: [],
        phones: [],
        wallets: [],
        username: username?.lower ?? null,
        externalId: has(input, 'external_id') ? (input.external_id ?? null) : null,
      },
      userId,
    );
    await updateUserRow(tx.db, tx.instanceId, userId, patch);
    if (typeof input.profile_image_id === 'string')
      await useProfileImage(tx, userId, input.profile_image_id);
    else if (input.profile_image_id === null) removedImages = await setUserImage(tx, userId, null);
    return userId;
  };
  // A new password with `sign_out_of_other_sessions` revokes the user's sessions in the write.
  const endSessions = signOut
    ? (tx: WriteTx, changed: User) => endSessionsOfUsers(tx, [changed], 'revoked')
    : undefined;
  const user = await writeUser(scope, 'user.updated', touchesSearch, work, endSessions);
  await removeFiles(scope, removedImages);
  await deliverMessages(scope, outgoing);
  return user;
}

function applyPrimaries(
  current: UserRowWithIdentifications,
  input: UpdateUserInput,
  patch: Updateable<UsersTable>,
) {
  if (has(input, 'primary_email_address_id')) {
    const row = primaryOf(
      parseJson<EmailRow[] | null>(current.emails) ?? [],
      input.primary_email_address_id ?? null,
      'primary_email_address_id',
    );
    patch.primary_email_address_id = row?.id ?? null;
    patch.primary_email_lower = row?.email_lower ?? null;
  }
  if (has(input, 'primary_phone_number_id')) {
    const row = primaryOf(
      parseJson<PhoneRow[] | null>(current.phones) ?? [],
      input.primary_phone_number_id ?? null,
      'primary_phone_number_id',
    );
    patch.primary_phone_number_id = row?.id ?? null;
    patch.primary_phone = row?.phone_number ?? null;
  }
  if (has(input, 'primary_web3_wallet_id')) {
    const row = primaryOf(
      parseJson<WalletRow[] | null>(current.wallets) ?? [],
      input.primary_web3_wallet_id ?? null,
      'primary_web3_wallet_id',
    );
    patch.primary_web3_wallet_id = row?.id ?? null;
    patch.primary_web3_lower = row?.wallet_lower ?? null;
  }
}

/** MFA on/off timestamps follow whether the user has any second factor after the change. */
export function applyMfaTimestamps(
  current: UserRowWithIdentifications,
  patch: Updateable<UsersTable>,
  now: number,
) {
  Object.assign(patch, mfaTimestamps(current, { ...current, ...patch }, now));
}

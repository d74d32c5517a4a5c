import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import type { Scope } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { assertIdentifiersAllowed } from '../restrictions/restriction-service.js';
import { serializeMetadata } from '../platform/metadata.js';
import { readUserRules } from '../instances/instance-config.js';
import { checkIdentifierRules, checkOrganizationsLimit } from './user-fields.js';
import {
  assertIdentifiersFree,
  normalizeNewIdentifiers,
  normalizeOptionalUsername,
} from './user-identifiers.js';
import type { User } from './user-mapper.js';
import {
  preparePassword,
  prepareBackupCodes,
  prepareTotpSecret,
  sealTotpSecret,
} from './user-secrets.js';
import {
  adjustUserCount,
  insertEmailAddresses,
  insertPhoneNumbers,
  insertUser,
  insertWeb3Wallets,
} from './user-store.js';
import { parseTimestampParam, writeUser } from './user-writes.js';

/**
 * `POST /v1/users`. The instance's configured rules decide (docs/configuration.md); by
 * default it asks for at least one identifier (email, phone, web3 wallet or username;
 * `skip_user_requirement` lifts it) and a password (or digest; `skip_password_requirement`
 * lifts it), as a new Clerk application does.
 */
type CreateUserInput = RequestBody<'CreateUser'>;

export async function createUser(
  scope: Scope,
  input: CreateUserInput,
  /** Runs last in the same write, with the new user (a Frontend API sign-up starts its session). */
  after?: (tx: WriteTx, user: User) => Promise<unknown>,
): Promise<User> {
  const ids = normalizeNewIdentifiers(input);
  const username = normalizeOptionalUsername(input.username);
  const rules = await readUserRules(scope.db, scope.instanceId);
  checkIdentifierRules(
    rules.identifiers,
    {
      email_address: ids.emails.length > 0,
      phone_number: ids.phones.length > 0,
      web3_wallet: ids.wallets.length > 0,
      username: !!username,
    },
    input.skip_user_requirement === true,
  );
  // Everything cheap is checked before any password or backup code is hashed.
  const organizationsLimit = checkOrganizationsLimit(input.create_organizations_limit);
  const totpSecret = prepareTotpSecret(input.totp_secret);
  const now = scope.clock.now();
  const createdAt = input.created_at ? parseTimestampParam(input.created_at, 'created_at') : now;
  const legalAcceptedAt = input.legal_accepted_at
    ? parseTimestampParam(input.legal_accepted_at, 'legal_accepted_at')
    : null;
  const metadata = {
    public_metadata: serializeMetadata(input.public_metadata ?? {}, 'public_metadata'),
    private_metadata: serializeMetadata(input.private_metadata ?? {}, 'private_metadata'),
    unsafe_metadata: serializeMetadata(input.unsafe_metadata ?? {}, 'unsafe_metadata'),
  };
  // The instance's allow-list, block-list and email restrictions (settings and entries read
  // by key) come before the password is hashed: a refused identifier costs no bcrypt.
  await assertIdentifiersAllowed(scope.db, scope.instanceId, {
    emails: ids.emails.map((e) => e.lower),
    phones: ids.phones.map((p) => p.number),
    wallets: ids.wallets.map((w) => w.lower),
  });
  const password = await preparePassword(input, rules.password);
  if (!password && rules.password.required && input.skip_password_requirement !== true) {
    throw apiErrors.passwordRequired();
  }
  const backupCodes = await prepareBackupCodes(input.backup_codes);
  const userId = generateId('user', createdAt);
  // IDs are monotonic: identifications created together keep the order they were given in.
  const newIds = (n: number) => Array.from({ length: n }, () => generateId('idn', now));
  const emailIds = newIds(ids.emails.length);
  const phoneIds = newIds(ids.phones.length);
  const walletIds = newIds(ids.wallets.length);
  const emailRows = ids.emails.map((e, i) => ({
    id: emailIds[i]!,
    instance_id: scope.instanceId,
    user_id: userId,
    email_address: e.address,
    email_lower: e.lower,
    reserved: e.reserved,
    verification_status: e.reserved ? 'unverified' : 'verified',
    verification_strategy: 'admin',
    created_at: now,
    updated_at: now,
    verification_attempts: null,
    verification_expire_at: null,
  }));
  const phoneRows = ids.phones.map((p, i) => ({
    id: phoneIds[i]!,
    instance_id: scope.instanceId,
    user_id: userId,
    phone_number: p.number,
    reserved: p.reserved,
    reserved_for_second_factor: false,
    default_second_factor: false,
    verification_status: p.reserved ? 'unverified' : 'verified',
    verification_strategy: 'admin',
    created_at: now,
    updated_at: now,
    verification_attempts: null,
    verification_expire_at: null,
  }));
  const walletRows = ids.wallets.map((w, i) => ({
    id: walletIds[i]!,
    instance_id: scope.instanceId,
    user_id: userId,
    web3_wallet: w.address,
    wallet_lower: w.lower,
    verification_status: 'verified',
    verification_strategy: 'admin',
    created_at: now,
    updated_at: now,
  }));
  const mfa = totpSecret || backupCodes ? now : null;

  const insert = async (tx: WriteTx) => {
    await assertIdentifiersFree(tx.db, tx.instanceId, {
      emails: ids.emails.map((e) => e.lower),
      phones: ids.phones.map((p) => p.number),
      wallets: ids.wallets.map((w) => w.lower),
      username: username?.lower ?? null,
      externalId: input.external_id ?? null,
    });
    await insertUser(tx.db, {
      id: userId,
      instance_id: tx.instanceId,
      external_id: input.external_id ?? null,
      username: username?.username ?? null,
      username_lower: username?.lower ?? null,
      first_name: input.first_name ?? null,
      last_name: input.last_name ?? null,
      locale: input.locale ?? null,
      image_url: null,
      primary_email_address_id: emailRows[0]?.id ?? null,
      primary_phone_number_id: phoneRows[0]?.id ?? null,
      primary_web3_wallet_id: walletRows[0]?.id ?? null,
      primary_email_lower: emailRows[0]?.email_lower ?? null,
      primary_phone: phoneRows[0]?.phone_number ?? null,
      primary_web3_lower: walletRows[0]?.wallet_lower ?? null,
      password_digest: password?.digest ?? null,
      password_hasher: password?.hasher ?? null,
      password_last_updated_at: password ? now : null,
      totp_secret: totpSecret ? sealTotpSecret(scope.secrets, userId, totpSecret) : null,
      backup_codes: backupCodes ?? null,
      mfa_enabled_at: mfa,
      mfa_disabled_at: null,
      ...metadata,
      banned: input.banned === true,
      locked: input.locked === true,
      locked_at: input.locked === true ? now : null,
      delete_self_enabled: input.delete_self_enabled ?? true,
      create_organization_enabled: input.create_organization_enabled ?? true,
      create_organizations_limit: organizationsLimit ?? null,
      bypass_client_trust: input.bypass_client_trust === true,
      legal_accepted_at: legalAcceptedAt,
      last_active_at: null,
      last_sign_in_at: null,
      search_rowid: null,
      emails: JSON.stringify(emailRows),
      phones: JSON.stringify(phoneRows),
      wallets: JSON.stringify(walletRows),
      created_at: createdAt,
      updated_at: now,
    });
    await insertEmailAddresses(tx.db, emailRows);
    await insertPhoneNumbers(tx.db, phoneRows);
    await insertWeb3Wallets(tx.db, walletRows);
    await adjustUserCount(tx.db, tx.instanceId, 1);
    return userId;
  };
  return writeUser(scope, 'user.created', true, insert, after);
}

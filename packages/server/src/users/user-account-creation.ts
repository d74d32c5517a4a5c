import { generateId } from '../ids/generate-id.js';
import type { Scope } from '../platform/scope.js';
import { refreshAccountSnapshots } from './account-snapshots.js';
import { sealOAuthToken } from './oauth-tokens.js';
import {
  insertExternalAccount,
  insertPasskey,
  insertTrustedDevice,
} from './user-accounts-store.js';
import type { User } from './user-mapper.js';
import { lockExistingUser, writeUser } from './user-writes.js';

/*
 * How passkeys, external accounts and trusted devices come to exist. No Backend API
 * operation creates them (sign-up and sign-in through the Frontend API will); until then
 * these are what that API, seeding and tests call. Each is one write with `user.updated`.
 */

export interface NewPasskey {
  name: string;
  credentialId: string;
  publicKey: string;
  lastUsedAt?: number | null;
}

export async function addPasskey(scope: Scope, userId: string, input: NewPasskey): Promise<User> {
  return writeUser(scope, 'user.updated', false, async (tx) => {
    await lockExistingUser(tx, userId);
    await insertPasskey(tx.db, {
      id: generateId('idn', tx.now),
      instance_id: tx.instanceId,
      user_id: userId,
      name: input.name,
      credential_id: input.credentialId,
      public_key: input.publicKey,
      verification_status: 'verified',
      last_used_at: input.lastUsedAt ?? null,
      created_at: tx.now,
      updated_at: tx.now,
    });
    await refreshAccountSnapshots(tx, userId);
    return userId;
  });
}

export interface NewExternalAccount {
  /** `oauth_google`, … */
  provider: string;
  providerUserId: string;
  emailAddress: string;
  emailAddressVerified?: boolean | null;
  firstName?: string;
  lastName?: string;
  imageUrl?: string | null;
  username?: string | null;
  phoneNumber?: string | null;
  label?: string | null;
  publicMetadata?: Record<string, unknown>;
  approvedScopes?: string[];
  accessToken?: string | null;
  refreshToken?: string | null;
  idToken?: string | null;
  tokenExpiresAt?: number | null;
}

export async function addExternalAccount(
  scope: Scope,
  userId: string,
  input: NewExternalAccount,
): Promise<User> {
  return writeUser(scope, 'user.updated', false, async (tx) => {
    await lockExistingUser(tx, userId);
    const id = generateId('eac', tx.now);
    const seal = (column: 'access_token' | 'refresh_token' | 'id_token', token?: string | null) =>
      token ? sealOAuthToken(scope.secrets, id, column, token) : null;
    await insertExternalAccount(tx.db, {
      id,
      instance_id: tx.instanceId,
      user_id: userId,
      identification_id: generateId('idn', tx.now),
      provider: input.provider,
      provider_user_id: input.providerUserId,
      email_address: input.emailAddress,
      email_address_verified: input.emailAddressVerified ?? null,
      first_name: input.firstName ?? '',
      last_name: input.lastName ?? '',
      image_url: input.imageUrl ?? null,
      username: input.username ?? null,
      phone_number: input.phoneNumber ?? null,
      label: input.label ?? null,
      public_metadata: JSON.stringify(input.publicMetadata ?? {}),
      approved_scopes: (input.approvedScopes ?? []).join(' '),
      verification_status: 'verified',
      access_token: seal('access_token', input.accessToken),
      refresh_token: seal('refresh_token', input.refreshToken),
      id_token: seal('id_token', input.idToken),
      token_expires_at: input.tokenExpiresAt ?? null,
      created_at: tx.now,
      updated_at: tx.now,
    });
    await refreshAccountSnapshots(tx, userId);
    return userId;
  });
}

export interface NewTrustedDevice {
  platform: 'ios' | 'android';
  appIdentifier: string;
  name?: string | null;
  publicKey: string;
}

/** Enrolls a trusted device; returns its ID. */
export async function addTrustedDevice(
  scope: Scope,
  userId: string,
  input: NewTrustedDevice,
): Promise<string> {
  let id = '';
  await writeUser(scope, 'user.updated', false, async (tx) => {
    await lockExistingUser(tx, userId);
    id = generateId('td', tx.now);
    await insertTrustedDevice(tx.db, {
      id,
      instance_id: tx.instanceId,
      user_id: userId,
      platform: input.platform,
      app_identifier: input.appIdentifier,
      name: input.name ?? null,
      algorithm: 'ES256',
      public_key: input.publicKey,
      status: 'active',
      last_used_at: null,
      revoked_at: null,
      created_at: tx.now,
      updated_at: tx.now,
    });
    return userId;
  });
  return id;
}

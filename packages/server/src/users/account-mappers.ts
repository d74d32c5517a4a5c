import type { ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import type { ExternalAccountSnapshot, PasskeyRow, TrustedDeviceRow } from './account-rows.js';

type User = ResponseBody<'GetUser', '200'>;
type Passkey = User['passkeys'][number];
type ExternalAccount = User['external_accounts'][number];
export type TrustedDevice = ResponseBody<'RevokeUserTrustedDevice', '200'>;

export function passkeyRowToPasskey(p: PasskeyRow): Passkey {
  return {
    id: p.id,
    object: 'passkey',
    name: p.name,
    // Required by the spec: a passkey not used since it was registered was last used then.
    last_used_at: p.last_used_at ?? p.created_at,
    verification:
      p.verification_status === 'verified'
        ? {
            object: 'verification_passkey',
            status: 'verified',
            strategy: 'passkey',
            attempts: null,
            expire_at: null,
          }
        : null,
  };
}

export function externalAccountRowToExternalAccount(e: ExternalAccountSnapshot): ExternalAccount {
  const status = e.verification_status === 'verified' ? 'verified' : 'unverified';
  return {
    object: 'external_account',
    id: e.id,
    provider: e.provider,
    identification_id: e.identification_id,
    provider_user_id: e.provider_user_id,
    approved_scopes: e.approved_scopes,
    email_address: e.email_address,
    email_address_verified:
      e.email_address_verified === null ? null : toBool(e.email_address_verified),
    first_name: e.first_name,
    last_name: e.last_name,
    // The provider's own avatar URL, as it gave it (docs/behaviour.md).
    ...(e.image_url !== null ? { avatar_url: e.image_url } : {}),
    image_url: e.image_url,
    username: e.username,
    phone_number: e.phone_number,
    public_metadata: parseJson<Record<string, unknown>>(e.public_metadata),
    label: e.label,
    created_at: e.created_at,
    updated_at: e.updated_at,
    verification: {
      object: 'verification_oauth',
      status,
      strategy: e.provider,
      attempts: null,
      expire_at: e.updated_at,
    },
  };
}

export function trustedDeviceRowToTrustedDevice(d: TrustedDeviceRow): TrustedDevice {
  return {
    object: 'trusted_device',
    id: d.id,
    platform: d.platform as TrustedDevice['platform'],
    app_identifier: d.app_identifier,
    name: d.name,
    algorithm: 'ES256',
    status: d.status === 'revoked' ? 'revoked' : 'active',
    created_at: d.created_at,
    updated_at: d.updated_at,
    last_used_at: d.last_used_at,
    revoked_at: d.revoked_at,
  };
}

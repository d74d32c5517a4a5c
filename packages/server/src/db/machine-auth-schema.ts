import type { Bool, Json, Millis } from './column-types.js';

/**
 * A machine (`mch_…`): a service that authenticates with its own secret key. The key is
 * returned again by GetMachineSecretKey, so it is sealed (`secret_key`, ADR 0003) and looked
 * up by its SHA-256 (`secret_key_hash`). After a rotation the previous key's hash stays
 * valid until `previous_secret_key_expires_at`.
 */
export interface MachinesTable {
  id: string;
  instance_id: string;
  name: string;
  /** `name` lowercased: the `name` order and the case-insensitive `query`. */
  name_lower: string;
  default_token_ttl: number;
  /** Sealed machine secret key (`ak_…`). */
  secret_key: string;
  /** Hex SHA-256 of the secret key; unique across instances. */
  secret_key_hash: string;
  previous_secret_key_hash: string | null;
  previous_secret_key_expires_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** Machine `from_machine_id` may call machine `to_machine_id` (its tokens name it in `scopes`). */
export interface MachineScopesTable {
  instance_id: string;
  from_machine_id: string;
  to_machine_id: string;
  created_at: Millis;
}

/**
 * An M2M token (`mt_…` id). Opaque tokens are looked up by the SHA-256 of the token
 * (`token_hash`); the token itself is sealed (`token`) only so `min_remaining_ttl_seconds`
 * can hand an existing one out again. JWT tokens are recorded (for listing and revocation)
 * without a hash: they verify by signature.
 */
export interface M2MTokensTable {
  id: string;
  instance_id: string;
  machine_id: string;
  format: 'opaque' | 'jwt';
  token_hash: string | null;
  token: string | null;
  /** JSON of the `claims` sent (null when none). */
  claims: Json;
  /** JSON array: the machines the subject was scoped to when the token was made. */
  scopes: Json;
  revoked: Bool;
  revocation_reason: string | null;
  expiration: Millis | null;
  last_used_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/**
 * An API key (`ak_…` id) of a user, organization or machine. Its secret is returned again by
 * getApiKeySecret, so it is sealed (`secret`) and looked up by its SHA-256 (`secret_hash`).
 */
export interface ApiKeysTable {
  id: string;
  instance_id: string;
  type: string;
  name: string;
  name_lower: string;
  description: string | null;
  subject: string;
  claims: Json;
  scopes: Json;
  secret: string;
  secret_hash: string;
  revoked: Bool;
  revocation_reason: string | null;
  expiration: Millis | null;
  created_by: string | null;
  last_used_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

import type { Bool, Json, Millis } from './column-types.js';

/**
 * An OAuth application (`oa_…`): a client of the instance acting as an OAuth 2.0 / OpenID
 * provider. The client secret is stored only as its SHA-256 (`client_secret_hash`); a public
 * client has none.
 */
export interface OAuthApplicationsTable {
  id: string;
  instance_id: string;
  name: string;
  /** `name` lowercased: the `name` order and the case-insensitive `name_query`. */
  name_lower: string;
  /** Unique across instances: a client is named by it alone at the token endpoint. */
  client_id: string;
  /** Hex SHA-256 of the client secret; null for a public client (or one made public). */
  client_secret_hash: string | null;
  client_uri: string | null;
  /** The uploaded logo (`oauth_application_logos.id`), or null. */
  image_id: string | null;
  dynamically_registered: Bool;
  consent_screen_enabled: Bool;
  pkce_required: Bool;
  public: Bool;
  /** Space-separated, normalised (each scope once, in the order first given). */
  scopes: string;
  /** JSON array of strings; the first is the deprecated `callback_url`. */
  redirect_uris: Json;
  created_at: Millis;
  updated_at: Millis;
}

/**
 * An OAuth application's uploaded logo (`img_…`, served at `/images/{id}` as organization
 * logos are): the record; its bytes are in the file store under `storage_key`.
 */
export interface OAuthApplicationLogosTable {
  id: string;
  instance_id: string;
  oauth_application_id: string;
  /** The user credited with the upload; null if none, or once that user is deleted. */
  uploader_user_id: string | null;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: Millis;
}

/**
 * An OAuth access token issued for an application to a user (`oat_…` ID). `format` is
 * `opaque` (found by `token_hash`, the token's SHA-256) or `jwt` (no hash: verified by its
 * signature). Times in milliseconds.
 */
export interface OAuthAccessTokensTable {
  id: string;
  instance_id: string;
  oauth_application_id: string;
  client_id: string;
  user_id: string;
  /** Space-separated, as granted. */
  scopes: string;
  format: 'opaque' | 'jwt';
  token_hash: string | null;
  revoked: Bool;
  revocation_reason: string | null;
  expiration: Millis;
  created_at: Millis;
  updated_at: Millis;
}

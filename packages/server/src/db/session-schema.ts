import type { ColumnType } from 'kysely';
import type { Bool, Json, Millis } from './column-types.js';

// Tables of sessions and tokens (issue 8): JWT templates, tickets, testing tokens, redirect
// URLs, sign-ups, domains and proxy checks, clients and sessions. `Db` in schema.ts lists them.
/** A JWT template (`jtmp_…`); its custom signing key, if any, is sealed (ADR 0003). */
export interface JwtTemplatesTable {
  id: string;
  instance_id: string;
  name: string;
  /** The template's claims object, shortcodes as written. */
  claims: Json;
  lifetime: number;
  allowed_clock_skew: number;
  custom_signing_key: Bool;
  /** `RS256` for the instance's key; the custom key's algorithm otherwise. */
  signing_algorithm: string;
  /** Sealed (`v1:…`): an HMAC secret or a PEM private key; null without a custom key. */
  signing_key: string | null;
  created_at: Millis;
  updated_at: Millis;
}

// Sign-in, actor and testing tokens, redirect URLs, sign-ups (issue 8, part E).
/** Columns a sign-in token and an actor token share: a ticket shown once, kept hashed. */
interface TicketColumns {
  id: string;
  instance_id: string;
  user_id: string;
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  token_hash: string;
  /** `pending`, `accepted` or `revoked`; a pending one past `expires_at` is expired. */
  status: string;
  expires_at: Millis;
  created_at: Millis;
  updated_at: Millis;
}

export interface SignInTokensTable extends TicketColumns {
  /** The organization to activate when the ticket signs the user in. */
  organization_id: string | null;
}

export interface ActorTokensTable extends TicketColumns {
  /** The actor claim (`{ sub, … }`) the impersonation session carries. */
  actor: Json;
  session_max_duration_seconds: number;
}

export interface TestingTokensTable {
  id: string;
  instance_id: string;
  token_hash: string;
  expires_at: Millis;
  created_at: Millis;
}

export interface RedirectUrlsTable {
  id: string;
  instance_id: string;
  url: string;
  /** The URL without query and fragment, scheme and host lowercased (unique per instance). */
  url_key: string;
  created_at: Millis;
  updated_at: Millis;
}

export interface SignUpsTable {
  id: string;
  instance_id: string;
  /** The browser client the sign-up belongs to (Frontend API); null when made otherwise. */
  client_id: string | null;
  /** `missing_requirements` or `complete`; past `abandon_at` an incomplete one reads `abandoned`. */
  status: string;
  required_fields: Json;
  optional_fields: Json;
  missing_fields: Json;
  unverified_fields: Json;
  /** `{ email_address, phone_number, web3_wallet, external_account }`, each an object or null. */
  verifications: Json;
  username: string | null;
  email_address: string | null;
  phone_number: string | null;
  web3_wallet: string | null;
  first_name: string | null;
  last_name: string | null;
  /** The password's digest (never the password), copied to the user on completion. */
  password_digest: string | null;
  password_hasher: string | null;
  unsafe_metadata: Json;
  public_metadata: Json;
  custom_action: Bool;
  external_id: string | null;
  external_account: ColumnType<unknown, string | null, string | null>;
  created_session_id: string | null;
  created_user_id: string | null;
  locale: string | null;
  legal_accepted_at: Millis | null;
  abandon_at: Millis;
  created_at: Millis;
  updated_at: Millis;
}

// Domains and proxy checks (part C of issue 8)
export interface DomainsTable {
  id: string;
  instance_id: string;
  /** As given (lowercased): a satellite's host name, with a port on development instances. */
  name: string;
  name_key: string;
  is_secondary: Bool;
  proxy_url: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface ProxyChecksTable {
  id: string;
  instance_id: string;
  /** A satellite's ID or the primary domain's (which has no row). */
  domain_id: string;
  proxy_url: string;
  successful: Bool;
  last_run_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** A browser or device (`client_…`): its sessions and its sign-in/sign-up in progress. */
export interface ClientsTable {
  id: string;
  instance_id: string;
  sign_in_id: string | null;
  sign_up_id: string | null;
  last_active_session_id: string | null;
  last_authentication_strategy: string | null;
  /** SHA-256 (base64url) of the rotating token in the client's `__client` JWT. */
  rotating_token_hash: string | null;
  /** SHA-256 (base64url) of a development browser's token (Frontend API). */
  dev_browser_token_hash: string | null;
  cookie_expires_at: Millis | null;
  created_at: Millis;
  /** Also the client's `client_uat` (in seconds) for the Frontend API. */
  updated_at: Millis;
}

/** A session (`sess_…`); `status` is as stored, `expired`/`abandoned` are read from the times. */
export interface SessionsTable {
  id: string;
  instance_id: string;
  client_id: string;
  user_id: string;
  status: 'active' | 'ended' | 'removed' | 'replaced' | 'revoked';
  actor: Json | null;
  last_active_organization_id: string | null;
  latest_activity: Json | null;
  first_factor_verified_at: Millis | null;
  second_factor_verified_at: Millis | null;
  /** SHA-256 (base64url) of the session's `__refresh` token (Frontend API handshake). */
  refresh_token_hash: string | null;
  /** When the session's last token was minted (its `last_active_token`'s `iat`). */
  token_issued_at: Millis | null;
  last_active_at: Millis;
  expire_at: Millis;
  abandon_at: Millis;
  created_at: Millis;
  updated_at: Millis;
}

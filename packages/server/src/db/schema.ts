import type { Generated } from 'kysely';

import type { Bool, Json, Millis } from './column-types.js';
import type {
  ActorTokensTable,
  ClientsTable,
  DomainsTable,
  JwtTemplatesTable,
  ProxyChecksTable,
  RedirectUrlsTable,
  SessionsTable,
  SignInTokensTable,
  SignUpsTable,
  TestingTokensTable,
} from './session-schema.js';
import type {
  OrganizationInvitationsTable,
  OrganizationMembershipsTable,
  OrganizationsTable,
  PermissionsTable,
  RolePermissionsTable,
  RoleSetRolesTable,
  RoleSetsTable,
  RolesTable,
} from './organization-schema.js';
import type { OrganizationDomainsTable } from './organization-domain-schema.js';

export type * from './session-schema.js';
export type * from './organization-schema.js';
import type {
  InvitationEmailsTable,
  InvitationSearchTable,
  InvitationsTable,
} from './invitation-schema.js';

export type * from './invitation-schema.js';
export type * from './organization-domain-schema.js';
import type { OrganizationInvitationSearchTable } from './organization-invitation-schema.js';

export type * from './organization-invitation-schema.js';
import type { OrganizationLogosTable } from './organization-logo-schema.js';
import type {
  MessageTemplatesTable,
  WebhookAppsTable,
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
  WebhookPortalTokensTable,
} from './webhook-schema.js';

export type * from './organization-logo-schema.js';
import type {
  OAuthAccessTokensTable,
  OAuthApplicationLogosTable,
  OAuthApplicationsTable,
} from './oauth-application-schema.js';

export type * from './oauth-application-schema.js';
import type { AdminPortalLinkTokensTable } from './admin-portal-schema.js';

export type * from './admin-portal-schema.js';
import type {
  EnterpriseConnectionDomainsTable,
  EnterpriseConnectionsTable,
  EnterpriseConnectionTestRunsTable,
} from './enterprise-connection-schema.js';

export type * from './enterprise-connection-schema.js';
import type { WaitlistEntriesTable, WaitlistEntrySearchTable } from './waitlist-schema.js';

export type * from './waitlist-schema.js';
import type {
  ApiKeysTable,
  M2MTokensTable,
  MachineScopesTable,
  MachinesTable,
} from './machine-auth-schema.js';

export type * from './machine-auth-schema.js';

export type InstanceEnvironment = 'development' | 'production';

export interface InstancesTable {
  id: string;
  name: string;
  /** Unused since the secret_keys migration: holds `secret_keys:<instance id>` (kept unique). */
  secret_key_hash: string;
  /** Unused since the secret_keys migration: empty. */
  secret_key_hint: string;
  publishable_key: string;
  frontend_api: string;
  /** `development` or `production` (its keys are `*_test_` or `*_live_`). */
  environment: InstanceEnvironment;
  is_default: Bool;
  created_at: Millis;
  updated_at: Millis;
}

export interface SigningKeysTable {
  kid: string;
  instance_id: string;
  algorithm: string;
  /** Sealed (`v1:…`, ADR 0003); in clear only if written before encryption. */
  private_key_pem: string;
  public_jwk: Json;
  active: Bool;
  created_at: Millis;
}

export interface UsersTable {
  id: string;
  instance_id: string;
  external_id: string | null;
  username: string | null;
  username_lower: string | null;
  first_name: string | null;
  last_name: string | null;
  locale: string | null;
  image_url: string | null;
  primary_email_address_id: string | null;
  primary_phone_number_id: string | null;
  primary_web3_wallet_id: string | null;
  /** Denormalized primary identifiers, for `order_by=email_address|phone_number|web3wallet`. */
  primary_email_lower: string | null;
  primary_phone: string | null;
  primary_web3_lower: string | null;
  password_digest: string | null;
  password_hasher: string | null;
  password_last_updated_at: Millis | null;
  /** Sealed (`v1:…`, ADR 0003); in clear only if written before encryption. */
  totp_secret: string | null;
  backup_codes: Json | null;
  mfa_enabled_at: Millis | null;
  mfa_disabled_at: Millis | null;
  public_metadata: Json;
  private_metadata: Json;
  unsafe_metadata: Json;
  banned: Bool;
  locked: Bool;
  delete_self_enabled: Bool;
  create_organization_enabled: Bool;
  create_organizations_limit: number | null;
  bypass_client_trust: Bool;
  legal_accepted_at: Millis | null;
  last_active_at: Millis | null;
  last_sign_in_at: Millis | null;
  /** SQLite only: rowid of the user's row in the FTS5 `user_search` table. */
  search_rowid: number | null;
  /** Snapshots of the identification rows (JSON arrays), kept in step by every write. */
  emails: Json;
  phones: Json;
  wallets: Json;
  created_at: Millis;
  updated_at: Millis;
  /** Failed password/TOTP verifications since the last success, unlock or expired lock. */
  failed_verification_attempts: Generated<number>;
  /** When the lock in force (`locked`) was placed; it expires after the instance's lockout duration. */
  locked_at: Millis | null;
  /** The last TOTP time step a verification used: a code of that step or earlier is a replay. */
  totp_last_used_step: number | null;
  /** The uploaded profile image (`images.id`); `null`: the default avatar. */
  image_id: string | null;
  /** Snapshots (JSON arrays, `null` read as empty) of the user's passkeys and external accounts. */
  passkeys: Json | null;
  external_accounts: Json | null;
}

interface IdentificationColumns {
  id: string;
  instance_id: string;
  user_id: string;
  verification_status: string;
  verification_strategy: string;
  created_at: Millis;
  updated_at: Millis;
}

export interface EmailAddressesTable extends IdentificationColumns {
  /** The pending code's attempts and expiry (`null` unless a code was prepared). */
  verification_attempts: number | null;
  verification_expire_at: Millis | null;
  email_address: string;
  email_lower: string;
  reserved: Bool;
}

export interface PhoneNumbersTable extends IdentificationColumns {
  /** The pending code's attempts and expiry (`null` unless a code was prepared). */
  verification_attempts: number | null;
  verification_expire_at: Millis | null;
  phone_number: string;
  reserved: Bool;
  reserved_for_second_factor: Bool;
  default_second_factor: Bool;
}

export interface Web3WalletsTable extends IdentificationColumns {
  web3_wallet: string;
  wallet_lower: string;
}

/** Trigram search document of a user (FTS5 table in SQLite, pg_trgm-indexed table in PostgreSQL). */
export interface UserSearchTable {
  user_id: string;
  instance_id: string;
  emails: string;
  phones: string;
  username: string;
  names: string;
  other: string;
}

export interface UserCountsTable {
  instance_id: string;
  count: number;
  /** Bumped by every write of the instance's user search documents (search count cache). */
  search_version: Generated<number>;
}

/** Each instance's number of organizations (kept by the writes that create and delete them). */
export interface OrganizationCountsTable {
  instance_id: string;
  count: number;
}

/**
 * What an organization shows of a member or inviter: a narrow copy of the user's row, kept
 * in the transaction of every write to the columns it copies (`refreshPublicUserData`).
 */
export interface UserPublicDataTable {
  id: string;
  instance_id: string;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  image_id: string | null;
  banned: Bool;
  /** The primary email address, else the primary phone number, else the username. */
  identifier: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  event_id: string;
  instance_id: string;
  event_type: string;
  payload: Json;
  created_at: Millis;
  delivered_at: Millis | null;
  attempts: Generated<number>;
}

/** One row: a known text sealed under the key in use, checked at every start (ADR 0003). */
export interface EncryptionCheckTable {
  id: string;
  check_value: string;
  updated_at: Millis;
}

interface RestrictionIdentifierColumns {
  id: string;
  instance_id: string;
  /** As stored and answered: the normalized identifier (E.164 phone, trimmed email). */
  identifier: string;
  /** The uniqueness and lookup key: lowercased email or `*@domain`, E.164, wallet key. */
  identifier_key: string;
  identifier_type: 'email_address' | 'phone_number' | 'web3_wallet';
  created_at: Millis;
  updated_at: Millis;
}

export interface AllowlistIdentifiersTable extends RestrictionIdentifierColumns {
  /** Asked for an invitation; stored until invitations can be sent (see docs/behaviour.md). */
  notify: Bool;
  invitation_id: string | null;
}

export type BlocklistIdentifiersTable = RestrictionIdentifierColumns;

/** An instance's restriction settings; no row means every restriction is off. */
export interface InstanceRestrictionsTable {
  instance_id: string;
  allowlist: Bool;
  blocklist: Bool;
  allowlist_blocklist_disabled_on_sign_in: Bool;
  block_email_subaddresses: Bool;
  block_disposable_email_domains: Bool;
  created_at: Millis;
  updated_at: Millis;
}

/** Per-instance settings (JSON, read through `instances/instance-settings.ts`). */
export interface InstanceSettingsTable {
  instance_id: string;
  settings: Json;
  created_at: Millis;
  updated_at: Millis;
}

interface UserOwnedColumns {
  id: string;
  instance_id: string;
  user_id: string;
}

/** An uploaded image: the record; its bytes are in the file store under `storage_key`. */
export interface ImagesTable extends UserOwnedColumns {
  content_type: string;
  size: number;
  storage_key: string;
  created_at: Millis;
}

export interface PasskeysTable extends UserOwnedColumns {
  name: string;
  credential_id: string;
  public_key: string;
  verification_status: string;
  last_used_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface ExternalAccountsTable extends UserOwnedColumns {
  identification_id: string;
  /** `oauth_google`, `oauth_github`, … */
  provider: string;
  provider_user_id: string;
  email_address: string;
  email_address_verified: Bool | null;
  first_name: string;
  last_name: string;
  image_url: string | null;
  username: string | null;
  phone_number: string | null;
  label: string | null;
  public_metadata: Json;
  /** Space-separated, as the provider granted them. */
  approved_scopes: string;
  verification_status: string;
  /** Sealed (`v1:…`, ADR 0003). */
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  token_expires_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface TrustedDevicesTable extends UserOwnedColumns {
  platform: string;
  app_identifier: string;
  name: string | null;
  algorithm: string;
  public_key: string;
  /** `active` or `revoked`. */
  status: string;
  last_used_at: Millis | null;
  revoked_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
}

/** One prepared verification code (only its hash) for an email address or phone number. */
export interface VerificationsTable {
  id: string;
  instance_id: string;
  user_id: string;
  identification_id: string;
  strategy: string;
  status: string;
  code_hash: string;
  attempts: number;
  expire_at: Millis;
  created_at: Millis;
  updated_at: Millis;
}

/** An email or SMS as sent (or handed to the transport), for the development inbox. */
export interface MessagesTable {
  id: string;
  instance_id: string;
  channel: string;
  slug: string;
  to_address: string;
  subject: string | null;
  body: string;
  user_id: string | null;
  identification_id: string | null;
  data: Json;
  status: string;
  created_at: Millis;
  updated_at: Millis;
  /** Order within the instance's messages of one `created_at` millisecond (0, 1, …). */
  seq: Generated<number>;
}

/** An instance's secret keys (several at once: a key is rotated by adding one, revoking the other). */
export interface SecretKeysTable {
  id: string;
  instance_id: string;
  /** SHA-256 of the key, hex; the key itself is never stored. */
  hash: string;
  /** `sk_test_…abcd`: what may be shown. */
  hint: string;
  created_at: Millis;
  /** Set once: a revoked key never works again. */
  revoked_at: Millis | null;
}

export interface Db {
  instances: InstancesTable;
  signing_keys: SigningKeysTable;
  users: UsersTable;
  email_addresses: EmailAddressesTable;
  phone_numbers: PhoneNumbersTable;
  web3_wallets: Web3WalletsTable;
  user_search: UserSearchTable;
  user_counts: UserCountsTable;
  organization_counts: OrganizationCountsTable;
  user_public_data: UserPublicDataTable;
  outbox: OutboxTable;
  encryption_check: EncryptionCheckTable;
  allowlist_identifiers: AllowlistIdentifiersTable;
  blocklist_identifiers: BlocklistIdentifiersTable;
  instance_restrictions: InstanceRestrictionsTable;
  instance_settings: InstanceSettingsTable;
  images: ImagesTable;
  passkeys: PasskeysTable;
  external_accounts: ExternalAccountsTable;
  trusted_devices: TrustedDevicesTable;
  verifications: VerificationsTable;
  messages: MessagesTable;
  secret_keys: SecretKeysTable;
  jwt_templates: JwtTemplatesTable;
  sign_in_tokens: SignInTokensTable;
  actor_tokens: ActorTokensTable;
  testing_tokens: TestingTokensTable;
  redirect_urls: RedirectUrlsTable;
  sign_ups: SignUpsTable;
  domains: DomainsTable;
  proxy_checks: ProxyChecksTable;
  clients: ClientsTable;
  sessions: SessionsTable;
  permissions: PermissionsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  role_sets: RoleSetsTable;
  role_set_roles: RoleSetRolesTable;
  organizations: OrganizationsTable;
  organization_memberships: OrganizationMembershipsTable;
  organization_invitations: OrganizationInvitationsTable;
  invitations: InvitationsTable;
  invitation_search: InvitationSearchTable;
  invitation_emails: InvitationEmailsTable;
  organization_domains: OrganizationDomainsTable;
  organization_invitation_search: OrganizationInvitationSearchTable;
  organization_logos: OrganizationLogosTable;
  webhook_apps: WebhookAppsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_portal_tokens: WebhookPortalTokensTable;
  message_templates: MessageTemplatesTable;
  oauth_applications: OAuthApplicationsTable;
  oauth_application_logos: OAuthApplicationLogosTable;
  enterprise_connections: EnterpriseConnectionsTable;
  enterprise_connection_domains: EnterpriseConnectionDomainsTable;
  enterprise_connection_test_runs: EnterpriseConnectionTestRunsTable;
  waitlist_entries: WaitlistEntriesTable;
  waitlist_entry_search: WaitlistEntrySearchTable;
  machines: MachinesTable;
  machine_scopes: MachineScopesTable;
  m2m_tokens: M2MTokensTable;
  api_keys: ApiKeysTable;
  oauth_access_tokens: OAuthAccessTokensTable;
  admin_portal_link_tokens: AdminPortalLinkTokensTable;
}

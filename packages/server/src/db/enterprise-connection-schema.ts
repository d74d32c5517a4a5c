import type { Bool, Json, Millis } from './column-types.js';

/**
 * An enterprise connection (`ent_…`), SAML or OIDC. A SAML one is also a SAML connection
 * (`samlc_…`, `saml_connection_id`): Clerk links the two objects, and both APIs read and
 * write this one row. An OIDC one has an OAuth config (`oac_…`, `oauth_config_id`).
 */
export interface EnterpriseConnectionsTable {
  id: string;
  instance_id: string;
  /** `samlc_…` for a SAML provider, null for OIDC. */
  saml_connection_id: string | null;
  /** `oac_…` for an OIDC provider, null for SAML. */
  oauth_config_id: string | null;
  name: string;
  name_lower: string;
  /** `saml_custom`, `saml_okta`, …, `oidc_custom`, … */
  provider: string;
  active: Bool;
  /** JSON array of lowercased domains (also rows of `enterprise_connection_domains`). */
  domains: Json;
  organization_id: string | null;
  sync_user_attributes: Bool;
  disable_additional_identifications: Bool;
  allow_organization_account_linking: Bool;
  /** JSON array of `{ name, key, sso_path?, scim_path?, multi_valued? }`. */
  custom_attributes: Json;
  idp_entity_id: string | null;
  idp_sso_url: string | null;
  /** PEM of the IdP signing certificate. */
  idp_certificate: string | null;
  idp_certificate_issued_at: Millis | null;
  idp_certificate_expires_at: Millis | null;
  idp_metadata_url: string | null;
  idp_metadata: string | null;
  /** JSON `{ user_id, email_address, first_name, last_name }`. */
  attribute_mapping: Json;
  allow_subdomains: Bool;
  allow_idp_initiated: Bool;
  force_authn: Bool;
  /** JSON `{ mode, source? }`. */
  login_hint: Json;
  oidc_client_id: string | null;
  /** Sealed (ADR 0003): sent to the IdP's token endpoint, so kept, never answered. */
  oidc_client_secret: string | null;
  oidc_discovery_url: string | null;
  oidc_auth_url: string | null;
  oidc_token_url: string | null;
  oidc_user_info_url: string | null;
  oidc_requires_pkce: Bool;
  created_at: Millis;
  updated_at: Millis;
}

/**
 * One domain of one connection. A partial unique index on `(instance_id, domain)` over the
 * active rows keeps a domain on one active connection only.
 */
export interface EnterpriseConnectionDomainsTable {
  instance_id: string;
  connection_id: string;
  domain: string;
  active: Bool;
}

/** A test run (`ectr_…`) of a connection: see docs/enterprise-sso.md for what it records. */
export interface EnterpriseConnectionTestRunsTable {
  id: string;
  instance_id: string;
  connection_id: string;
  /** `pending`, `success` or `failed`. */
  status: string;
  /** `saml` or `oauth`. */
  connection_type: string;
  /** JSON array of `{ level, code?, short_message?, message }`. */
  logs: Json;
  created_at: Millis;
}

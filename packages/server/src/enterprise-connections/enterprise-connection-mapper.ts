import type { ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import type { ConnectionRow, TestRunRow } from './enterprise-connection-store.js';
import { spUrls } from './sp-urls.js';

export type SamlConnection = ResponseBody<'GetSAMLConnection', '200'>;
export type EnterpriseConnection = ResponseBody<'GetEnterpriseConnection', '200'>;
export type TestRun = ResponseBody<'ListEnterpriseConnectionTestRuns', '200'>['data'][number];

export interface AttributeMapping {
  user_id: string;
  email_address: string;
  first_name: string;
  last_name: string;
}

export interface LoginHint {
  mode: 'email_address' | 'custom_attribute' | 'off';
  source?: string;
}

/** Clerk's default mapping: the attribute names most IdPs send. */
export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = {
  user_id: '',
  email_address: 'mail',
  first_name: 'firstName',
  last_name: 'lastName',
};

export const DEFAULT_LOGIN_HINT: LoginHint = { mode: 'email_address' };

/** A connection can sign users in once active with its IdP fully configured. */
function authenticatable(row: ConnectionRow): boolean {
  if (!toBool(row.active)) return false;
  if (row.saml_connection_id !== null) {
    return row.idp_entity_id !== null && row.idp_sso_url !== null && row.idp_certificate !== null;
  }
  return row.oidc_client_id !== null && row.oidc_auth_url !== null && row.oidc_token_url !== null;
}

/** The SAML connection view of a SAML row (`GET /v1/saml_connections/{id}`). */
export function samlConnectionToApi(baseUrl: string, row: ConnectionRow): SamlConnection {
  const samlId = row.saml_connection_id!;
  const urls = spUrls(baseUrl, samlId);
  const domains = parseJson<string[]>(row.domains);
  return {
    object: 'saml_connection',
    id: samlId,
    name: row.name,
    domain: domains[0] ?? '',
    domains,
    idp_entity_id: row.idp_entity_id,
    idp_sso_url: row.idp_sso_url,
    idp_certificate: row.idp_certificate,
    idp_certificate_issued_at:
      row.idp_certificate_issued_at === null ? null : Number(row.idp_certificate_issued_at),
    idp_certificate_expires_at:
      row.idp_certificate_expires_at === null ? null : Number(row.idp_certificate_expires_at),
    idp_metadata_url: row.idp_metadata_url,
    idp_metadata: row.idp_metadata,
    acs_url: urls.acs,
    sp_entity_id: urls.entityId,
    sp_metadata_url: urls.metadata,
    organization_id: row.organization_id,
    attribute_mapping: parseJson<AttributeMapping>(row.attribute_mapping),
    active: toBool(row.active),
    provider: row.provider,
    // No SAML sign-in yet, so no user has a SAML account (docs/enterprise-sso.md).
    user_count: 0,
    sync_user_attributes: toBool(row.sync_user_attributes),
    allow_subdomains: toBool(row.allow_subdomains),
    allow_idp_initiated: toBool(row.allow_idp_initiated),
    disable_additional_identifications: toBool(row.disable_additional_identifications),
    allow_organization_account_linking: toBool(row.allow_organization_account_linking),
    authenticatable: authenticatable(row),
    force_authn: toBool(row.force_authn),
    login_hint: parseJson<LoginHint>(row.login_hint),
    disable_jit_provisioning: false,
    enterprise_connection_id: row.id,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/** The enterprise connection view of any row. */
export function enterpriseConnectionToApi(
  baseUrl: string,
  row: ConnectionRow,
): EnterpriseConnection {
  const saml = row.saml_connection_id === null ? null : samlConnectionToApi(baseUrl, row);
  return {
    object: 'enterprise_connection',
    id: row.id,
    name: row.name,
    provider: row.provider,
    logo_public_url: null,
    active: toBool(row.active),
    domains: parseJson<string[]>(row.domains),
    organization_id: row.organization_id,
    sync_user_attributes: toBool(row.sync_user_attributes),
    disable_additional_identifications: toBool(row.disable_additional_identifications),
    allow_organization_account_linking: toBool(row.allow_organization_account_linking),
    authenticatable: authenticatable(row),
    disable_jit_provisioning: false,
    custom_attributes: parseJson(row.custom_attributes),
    saml_connection:
      saml === null
        ? null
        : {
            id: saml.id,
            name: saml.name,
            idp_entity_id: saml.idp_entity_id,
            idp_sso_url: saml.idp_sso_url,
            idp_metadata_url: saml.idp_metadata_url,
            acs_url: saml.acs_url,
            sp_entity_id: saml.sp_entity_id,
            sp_metadata_url: saml.sp_metadata_url,
            active: saml.active,
            allow_idp_initiated: saml.allow_idp_initiated,
            allow_subdomains: saml.allow_subdomains,
            force_authn: saml.force_authn,
            login_hint: saml.login_hint,
          },
    oauth_config:
      row.oauth_config_id === null
        ? null
        : {
            id: row.oauth_config_id,
            name: row.name,
            provider_key: row.provider,
            client_id: row.oidc_client_id,
            discovery_url: row.oidc_discovery_url,
            auth_url: row.oidc_auth_url,
            token_url: row.oidc_token_url,
            user_info_url: row.oidc_user_info_url,
            requires_pkce: toBool(row.oidc_requires_pkce),
            logo_public_url: null,
            created_at: Number(row.created_at),
            updated_at: Number(row.updated_at),
          },
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

export function testRunToApi(row: TestRunRow): TestRun {
  return {
    id: row.id,
    status: row.status as TestRun['status'],
    connection_type: row.connection_type as TestRun['connection_type'],
    parsed_user_info: null,
    logs: parseJson(row.logs),
    saml: null,
    oauth: null,
    created_at: Number(row.created_at),
  };
}

import type { Insertable, Updateable } from 'kysely';
import type { EnterpriseConnectionsTable } from '../db/schema.js';
import { parseJson, toBool } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { lockExistingOrganization } from '../organizations/membership-service.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { isSamlProvider } from './connection-settings.js';
import {
  DEFAULT_ATTRIBUTE_MAPPING,
  DEFAULT_LOGIN_HINT,
  type AttributeMapping,
  type LoginHint,
} from './enterprise-connection-mapper.js';
import {
  findActiveDomainOwner,
  findConnection,
  insertConnection,
  lockConnection,
  replaceConnectionDomains,
  updateConnectionRow,
  type ConnectionKey,
  type ConnectionRow,
} from './enterprise-connection-store.js';
import { EMPTY_IDP_CONFIG, resolveIdpConfig, type SamlIdpInput } from './idp-config.js';
import { resolveOidcConfig, type OidcConfig, type OidcInput } from './oidc-config.js';

// Checked first in the write; the index answers a concurrent writer that took the domain.
registerUniqueIndexes([
  {
    name: 'enterprise_connection_domains_active',
    table: 'enterprise_connection_domains',
    columns: ['instance_id', 'domain'],
    error: () => apiErrors.enterpriseConnectionDomainTaken('sent'),
  },
]);

/** What a create or an update sets, already validated; absent fields stay as they are. */
export interface ConnectionChanges {
  name?: string;
  domains?: string[];
  /** An ID to link, or null to unlink. */
  organizationId?: string | null;
  active?: boolean;
  syncUserAttributes?: boolean;
  disableAdditionalIdentifications?: boolean;
  allowOrganizationAccountLinking?: boolean;
  customAttributes?: unknown[];
  idp?: SamlIdpInput;
  attributeMapping?: (current: AttributeMapping) => AttributeMapping;
  allowSubdomains?: boolean;
  allowIdpInitiated?: boolean;
  forceAuthn?: boolean;
  loginHint?: LoginHint;
  oidc?: OidcInput;
}

export const RESOURCE = 'enterprise connection';

const oidcLocation = (id: string) => ({
  table: 'enterprise_connections',
  column: 'oidc_client_secret',
  rowId: id,
});

function oidcOf(scope: Scope, row: ConnectionRow): OidcConfig {
  return {
    client_id: row.oidc_client_id,
    client_secret:
      row.oidc_client_secret === null
        ? null
        : scope.secrets.open(row.oidc_client_secret, oidcLocation(row.id)),
    discovery_url: row.oidc_discovery_url,
    auth_url: row.oidc_auth_url,
    token_url: row.oidc_token_url,
    user_info_url: row.oidc_user_info_url,
    requires_pkce: toBool(row.oidc_requires_pkce),
  };
}

/** A row's IdP/OIDC settings changed by what was sent (fetching documents, outside a write). */
async function resolveProtocol(
  scope: Scope,
  options: OutboundOptions,
  provider: string,
  id: string,
  current: ConnectionRow | undefined,
  changes: ConnectionChanges,
  prefixes: { saml: string; oidc: string },
): Promise<Updateable<EnterpriseConnectionsTable>> {
  if (isSamlProvider(provider)) {
    const idp = changes.idp
      ? await resolveIdpConfig(
          scope,
          options,
          changes.idp,
          current ?? EMPTY_IDP_CONFIG,
          prefixes.saml,
        )
      : {};
    const mapping = current
      ? parseJson<AttributeMapping>(current.attribute_mapping)
      : DEFAULT_ATTRIBUTE_MAPPING;
    return {
      ...idp,
      attribute_mapping: JSON.stringify(changes.attributeMapping?.(mapping) ?? mapping),
    };
  }
  if (!changes.oidc) return {};
  const empty: OidcConfig = {
    client_id: null,
    client_secret: null,
    discovery_url: null,
    auth_url: null,
    token_url: null,
    user_info_url: null,
    requires_pkce: true,
  };
  const oidc = await resolveOidcConfig(
    scope,
    options,
    changes.oidc,
    current ? oidcOf(scope, current) : empty,
    prefixes.oidc,
  );
  return {
    oidc_client_id: oidc.client_id,
    oidc_client_secret:
      oidc.client_secret === null ? null : scope.secrets.seal(oidc.client_secret, oidcLocation(id)),
    oidc_discovery_url: oidc.discovery_url,
    oidc_auth_url: oidc.auth_url,
    oidc_token_url: oidc.token_url,
    oidc_user_info_url: oidc.user_info_url,
    oidc_requires_pkce: oidc.requires_pkce,
  };
}

/**
 * The rules every write checks against the row it will store: the organization exists (by
 * ID), an active SAML connection has its IdP configured, and an active connection's domains
 * are on no other active connection.
 */
async function checkOrganization(tx: WriteTx, organizationId: string | null | undefined) {
  if (organizationId === null || organizationId === undefined) return;
  const organization = await lockExistingOrganization(tx, organizationId);
  // Linked by ID only: a slug names the organization elsewhere, not here.
  if (organization.id !== organizationId) throw apiErrors.notFound('organization', organizationId);
}

async function checkRow(tx: WriteTx, row: ConnectionRow) {
  const active = toBool(row.active);
  if (active && row.saml_connection_id !== null) {
    const missing = (['idp_entity_id', 'idp_sso_url', 'idp_certificate'] as const).filter(
      (field) => row[field] === null,
    );
    if (missing.length > 0) {
      throw apiErrors.paramValueInvalid(
        'active',
        `needs the IdP configuration first (${missing.join(', ')}): send idp_metadata, idp_metadata_url or the single fields`,
      );
    }
  }
  const domains = parseJson<string[]>(row.domains);
  if (active) {
    const owner = await findActiveDomainOwner(tx.db, tx.instanceId, domains, row.id);
    if (owner) throw apiErrors.enterpriseConnectionDomainTaken(owner.domain);
  }
  await replaceConnectionDomains(tx.db, tx.instanceId, row.id, domains, active);
}

function settingsOf(
  changes: ConnectionChanges,
  tx: WriteTx,
): Updateable<EnterpriseConnectionsTable> {
  const set: Updateable<EnterpriseConnectionsTable> = { updated_at: tx.now };
  if (changes.name !== undefined) {
    set.name = changes.name;
    set.name_lower = changes.name.toLowerCase();
  }
  if (changes.domains !== undefined) set.domains = JSON.stringify(changes.domains);
  if (changes.organizationId !== undefined) set.organization_id = changes.organizationId;
  if (changes.active !== undefined) set.active = changes.active;
  if (changes.syncUserAttributes !== undefined)
    set.sync_user_attributes = changes.syncUserAttributes;
  if (changes.disableAdditionalIdentifications !== undefined) {
    set.disable_additional_identifications = changes.disableAdditionalIdentifications;
  }
  if (changes.allowOrganizationAccountLinking !== undefined) {
    set.allow_organization_account_linking = changes.allowOrganizationAccountLinking;
  }
  if (changes.customAttributes !== undefined) {
    set.custom_attributes = JSON.stringify(changes.customAttributes);
  }
  if (changes.allowSubdomains !== undefined) set.allow_subdomains = changes.allowSubdomains;
  if (changes.allowIdpInitiated !== undefined) set.allow_idp_initiated = changes.allowIdpInitiated;
  if (changes.forceAuthn !== undefined) set.force_authn = changes.forceAuthn;
  if (changes.loginHint !== undefined) set.login_hint = JSON.stringify(changes.loginHint);
  return set;
}

/** Creates a connection of `provider` (SAML connections get their `samlc_` ID too). */
export async function insertNewConnection(
  scope: Scope,
  options: OutboundOptions,
  provider: string,
  changes: ConnectionChanges & { name: string; domains: string[] },
  prefixes: { saml: string; oidc: string },
): Promise<ConnectionRow> {
  const saml = isSamlProvider(provider);
  const now = scope.clock.now();
  const id = generateId('ent', now);
  const protocol = await resolveProtocol(
    scope,
    options,
    provider,
    id,
    undefined,
    changes,
    prefixes,
  );
  return runWrite(scope, async (tx) => {
    const row = {
      id,
      instance_id: tx.instanceId,
      saml_connection_id: saml ? generateId('samlc', tx.now) : null,
      oauth_config_id: saml ? null : generateId('oac', tx.now),
      name: changes.name,
      name_lower: changes.name.toLowerCase(),
      provider,
      active: false,
      domains: '[]',
      organization_id: null,
      sync_user_attributes: true,
      disable_additional_identifications: false,
      allow_organization_account_linking: false,
      custom_attributes: '[]',
      ...EMPTY_IDP_CONFIG,
      attribute_mapping: JSON.stringify(DEFAULT_ATTRIBUTE_MAPPING),
      allow_subdomains: false,
      allow_idp_initiated: false,
      force_authn: false,
      login_hint: JSON.stringify(DEFAULT_LOGIN_HINT),
      oidc_client_id: null,
      oidc_client_secret: null,
      oidc_discovery_url: null,
      oidc_auth_url: null,
      oidc_token_url: null,
      oidc_user_info_url: null,
      oidc_requires_pkce: !saml,
      created_at: tx.now,
      updated_at: tx.now,
      ...settingsOf(changes, tx),
      ...protocol,
    } as ConnectionRow;
    await checkOrganization(tx, changes.organizationId);
    await insertConnection(tx.db, row as Insertable<EnterpriseConnectionsTable>);
    await checkRow(tx, row);
    return row;
  });
}

/** Changes a connection: documents are fetched first, then the row is locked and written. */
export async function changeConnection(
  scope: Scope,
  options: OutboundOptions,
  key: ConnectionKey,
  resource: string,
  changes: ConnectionChanges,
  prefixes: { saml: string; oidc: string },
): Promise<ConnectionRow> {
  const notFound = () => apiErrors.notFound(resource, 'id' in key ? key.id : key.samlConnectionId);
  const before = await findConnection(scope.db, scope.instanceId, key);
  if (!before) throw notFound();
  const protocol = await resolveProtocol(
    scope,
    options,
    before.provider,
    before.id,
    before,
    changes,
    prefixes,
  );
  return runWrite(scope, async (tx) => {
    const current = await lockConnection(tx.db, tx.dialect, tx.instanceId, key);
    if (!current) throw notFound();
    const set = { ...settingsOf(changes, tx), ...protocol };
    const row = { ...current, ...set } as ConnectionRow;
    await checkOrganization(tx, changes.organizationId);
    await updateConnectionRow(tx.db, tx.instanceId, current.id, set);
    await checkRow(tx, row);
    return row;
  });
}

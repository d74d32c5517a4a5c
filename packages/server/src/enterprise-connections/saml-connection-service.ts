import type { RequestBody, RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import {
  changeConnection,
  insertNewConnection,
  type ConnectionChanges,
} from './connection-writes.js';
import {
  attributeMappingOf,
  connectionName,
  domainsOf,
  isSamlProvider,
  loginHintOf,
} from './connection-settings.js';
import { samlConnectionToApi, type SamlConnection } from './enterprise-connection-mapper.js';
import {
  CONNECTION_ORDER_COLUMNS,
  countConnectionRows,
  deleteConnectionRow,
  findConnection,
  listConnectionRows,
  lockConnection,
} from './enterprise-connection-store.js';

const RESOURCE = 'saml connection';
const PREFIXES = { saml: '', oidc: 'oidc.' };

/** `domains`, else the deprecated single `domain`. */
function sentDomains(input: { domain?: string | null; domains?: string[] | null }) {
  if (input.domains !== undefined && input.domains !== null)
    return domainsOf('domains', input.domains);
  if (input.domain !== undefined && input.domain !== null)
    return domainsOf('domain', [input.domain]);
  return undefined;
}

/** What both SAML writes may set, as the enterprise writes take it. */
function samlChanges(
  input: RequestBody<'CreateSAMLConnection'> | RequestBody<'UpdateSAMLConnection'>,
): ConnectionChanges {
  const changes: ConnectionChanges = {
    idp: input,
    attributeMapping: (current) =>
      attributeMappingOf('attribute_mapping', input.attribute_mapping, current),
  };
  if ('name' in input && input.name !== undefined && input.name !== null) {
    changes.name = connectionName('name', input.name);
  }
  const domains = sentDomains(input);
  if (domains) changes.domains = domains;
  if (input.organization_id !== undefined && input.organization_id !== null) {
    // An empty ID unlinks the organization.
    changes.organizationId = input.organization_id.trim() === '' ? null : input.organization_id;
  }
  if (input.force_authn !== undefined) changes.forceAuthn = input.force_authn;
  if (input.login_hint) changes.loginHint = loginHintOf('login_hint', input.login_hint);
  return changes;
}

/** `GET /v1/saml_connections/{id}`. */
export async function getSamlConnection(scope: Scope, id: string): Promise<SamlConnection> {
  const row = await findConnection(scope.db, scope.instanceId, { samlConnectionId: id });
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return samlConnectionToApi(scope.baseUrl, row);
}

/**
 * `POST /v1/saml_connections`: a SAML enterprise connection, inactive until activated by an
 * update (as Clerk creates them), with the IdP configured from metadata or single fields.
 */
export async function createSamlConnection(
  scope: Scope,
  input: RequestBody<'CreateSAMLConnection'>,
  options: OutboundOptions,
): Promise<SamlConnection> {
  if (!isSamlProvider(input.provider)) {
    throw apiErrors.paramValueInvalid('provider', 'must be a SAML provider');
  }
  const domains = sentDomains(input);
  if (!domains) throw apiErrors.paramMissing('domains');
  const row = await insertNewConnection(
    scope,
    options,
    input.provider,
    { ...samlChanges(input), name: connectionName('name', input.name), domains },
    PREFIXES,
  );
  return samlConnectionToApi(scope.baseUrl, row);
}

/** `PATCH /v1/saml_connections/{id}`: each field sent (not null) changes; others stay. */
export async function updateSamlConnection(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateSAMLConnection'>,
  options: OutboundOptions,
): Promise<SamlConnection> {
  const changes = samlChanges(input);
  const flag = (value: boolean | null | undefined) => (value === null ? undefined : value);
  changes.active = flag(input.active);
  changes.syncUserAttributes = flag(input.sync_user_attributes);
  changes.allowSubdomains = flag(input.allow_subdomains);
  changes.allowIdpInitiated = flag(input.allow_idp_initiated);
  changes.disableAdditionalIdentifications = flag(input.disable_additional_identifications);
  changes.allowOrganizationAccountLinking = flag(input.allow_organization_account_linking);
  const row = await changeConnection(
    scope,
    options,
    { samlConnectionId: id },
    RESOURCE,
    changes,
    PREFIXES,
  );
  return samlConnectionToApi(scope.baseUrl, row);
}

/** `DELETE /v1/saml_connections/{id}`: the enterprise connection it is goes with it. */
export async function deleteSamlConnection(scope: Scope, id: string) {
  await runWrite(scope, async (tx) => {
    const row = await lockConnection(tx.db, tx.dialect, tx.instanceId, { samlConnectionId: id });
    if (!row) throw apiErrors.notFound(RESOURCE, id);
    await deleteConnectionRow(tx.db, tx.instanceId, row.id);
  });
  return { object: 'saml_connection', id, deleted: true as const };
}

/**
 * `GET /v1/saml_connections`: newest first by default (`order_by` `created_at`, `+`/`-`);
 * `query` is a case-insensitive substring of the name; `organization_id` values include an
 * organization's connections (`org_…` or `+org_…`) or exclude them (`-org_…`).
 */
export async function listSamlConnections(
  scope: Scope,
  query: RequestQuery<'ListSAMLConnections'>,
): Promise<{ data: SamlConnection[]; total_count: number }> {
  const ordering = parseOrderBy(query.order_by, CONNECTION_ORDER_COLUMNS, '-created_at');
  const organizations = query.organization_id ?? [];
  if (organizations.length > 100) throw apiErrors.tooManyValues('organization_id', '100');
  const filter = {
    samlOnly: true,
    nameQuery: query.query?.trim() || undefined,
    includeOrganizations: organizations
      .filter((o) => !o.startsWith('-'))
      .map((o) => o.replace(/^\+/, '')),
    excludeOrganizations: organizations.filter((o) => o.startsWith('-')).map((o) => o.slice(1)),
  };
  const [rows, total] = await Promise.all([
    listConnectionRows(scope.db, scope.instanceId, filter, ordering, pageOf(query)),
    countConnectionRows(scope.db, scope.instanceId, filter),
  ]);
  return paginated(
    rows.map((row) => samlConnectionToApi(scope.baseUrl, row)),
    total,
  );
}

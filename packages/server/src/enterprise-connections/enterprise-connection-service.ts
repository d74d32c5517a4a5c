import type { RequestBody, RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { OutboundOptions } from '../outbound/outbound-options.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import {
  attributeMappingOf,
  connectionName,
  customAttributesOf,
  domainsOf,
  isSamlProvider,
  loginHintOf,
} from './connection-settings.js';
import {
  changeConnection,
  insertNewConnection,
  RESOURCE,
  type ConnectionChanges,
} from './connection-writes.js';
import {
  enterpriseConnectionToApi,
  type EnterpriseConnection,
} from './enterprise-connection-mapper.js';
import {
  CONNECTION_ORDER_COLUMNS,
  countConnectionRows,
  deleteConnectionRow,
  findConnection,
  listConnectionRows,
  lockConnection,
} from './enterprise-connection-store.js';

const PREFIXES = { saml: 'saml.', oidc: 'oidc.' };
const flag = (value: boolean | null | undefined) => (value === null ? undefined : value);

type Input = RequestBody<'CreateEnterpriseConnection'> | RequestBody<'UpdateEnterpriseConnection'>;

/** What the enterprise writes set; a `saml` object for an OIDC provider (or back) is refused. */
function enterpriseChanges(provider: string, input: Input): ConnectionChanges {
  const saml = isSamlProvider(provider);
  if (!saml && input.saml)
    throw apiErrors.paramValueInvalid('saml', 'applies to SAML providers only');
  if (saml && input.oidc)
    throw apiErrors.paramValueInvalid('oidc', 'applies to OIDC providers only');
  const changes: ConnectionChanges = {
    active: flag(input.active),
    allowOrganizationAccountLinking: flag(input.allow_organization_account_linking),
  };
  if ('sync_user_attributes' in input)
    changes.syncUserAttributes = flag(input.sync_user_attributes);
  if ('disable_additional_identifications' in input) {
    changes.disableAdditionalIdentifications = flag(input.disable_additional_identifications);
  }
  if (input.organization_id !== undefined && input.organization_id !== null) {
    changes.organizationId = input.organization_id;
  }
  if (input.custom_attributes) {
    changes.customAttributes = customAttributesOf('custom_attributes', input.custom_attributes);
  }
  if (input.saml) {
    const s = input.saml;
    changes.idp = s;
    changes.attributeMapping = (current) =>
      attributeMappingOf('saml.attribute_mapping', s.attribute_mapping, current);
    changes.allowSubdomains = flag(s.allow_subdomains);
    changes.allowIdpInitiated = flag(s.allow_idp_initiated);
    changes.forceAuthn = flag(s.force_authn);
    if (s.login_hint) changes.loginHint = loginHintOf('saml.login_hint', s.login_hint);
    if ('name' in s && s.name !== undefined && s.name !== null) {
      changes.name = connectionName('saml.name', s.name);
    }
  }
  if (input.oidc) changes.oidc = input.oidc;
  return changes;
}

/** `GET /v1/enterprise_connections/{id}`. */
export async function getEnterpriseConnection(
  scope: Scope,
  id: string,
): Promise<EnterpriseConnection> {
  const row = await findConnection(scope.db, scope.instanceId, { id });
  if (!row) throw apiErrors.notFound(RESOURCE, id);
  return enterpriseConnectionToApi(scope.baseUrl, row);
}

/**
 * `POST /v1/enterprise_connections`: SAML (IdP from `saml`) or OIDC (client and endpoints
 * from `oidc`, the discovery document fetched and checked when reachable). Inactive unless
 * `active: true`, which a SAML connection can only be with its IdP configured.
 */
export async function createEnterpriseConnection(
  scope: Scope,
  input: RequestBody<'CreateEnterpriseConnection'>,
  options: OutboundOptions,
): Promise<EnterpriseConnection> {
  const changes = enterpriseChanges(input.provider, input);
  const row = await insertNewConnection(
    scope,
    options,
    input.provider,
    {
      ...changes,
      name: connectionName('name', input.name),
      domains: domainsOf('domains', input.domains),
    },
    PREFIXES,
  );
  return enterpriseConnectionToApi(scope.baseUrl, row);
}

/**
 * `PATCH /v1/enterprise_connections/{id}`: fields sent (not null) change. An empty
 * `domains` changes nothing (as the spec says); `organization_id` links, it cannot unlink.
 */
export async function updateEnterpriseConnection(
  scope: Scope,
  id: string,
  input: RequestBody<'UpdateEnterpriseConnection'>,
  options: OutboundOptions,
): Promise<EnterpriseConnection> {
  const current = await findConnection(scope.db, scope.instanceId, { id });
  if (!current) throw apiErrors.notFound(RESOURCE, id);
  const changes = enterpriseChanges(current.provider, input);
  if (input.name !== undefined && input.name !== null)
    changes.name = connectionName('name', input.name);
  if (input.domains && input.domains.length > 0)
    changes.domains = domainsOf('domains', input.domains);
  const row = await changeConnection(scope, options, { id }, RESOURCE, changes, PREFIXES);
  return enterpriseConnectionToApi(scope.baseUrl, row);
}

/** `DELETE /v1/enterprise_connections/{id}`: a SAML one's SAML connection goes with it. */
export async function deleteEnterpriseConnection(scope: Scope, id: string) {
  await runWrite(scope, async (tx) => {
    const row = await lockConnection(tx.db, tx.dialect, tx.instanceId, { id });
    if (!row) throw apiErrors.notFound(RESOURCE, id);
    await deleteConnectionRow(tx.db, tx.instanceId, row.id);
  });
  return { object: 'enterprise_connection', id, deleted: true as const };
}

/** `GET /v1/enterprise_connections`: newest first; by organization and active state. */
export async function listEnterpriseConnections(
  scope: Scope,
  query: RequestQuery<'ListEnterpriseConnections'>,
): Promise<{ data: EnterpriseConnection[]; total_count: number }> {
  const ordering = {
    field: 'created_at',
    column: CONNECTION_ORDER_COLUMNS.created_at,
    direction: 'desc' as const,
  };
  const filter = {
    includeOrganizations: query.organization_id ? [query.organization_id] : [],
    active: query.active,
  };
  const [rows, total] = await Promise.all([
    listConnectionRows(scope.db, scope.instanceId, filter, ordering, pageOf(query)),
    countConnectionRows(scope.db, scope.instanceId, filter),
  ]);
  return paginated(
    rows.map((row) => enterpriseConnectionToApi(scope.baseUrl, row)),
    total,
  );
}

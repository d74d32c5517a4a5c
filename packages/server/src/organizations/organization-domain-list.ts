import type { RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import type { OrganizationDomain } from './organization-domain-mapper.js';
import {
  normalizeDomainFilter,
  parseModeFilter,
  parseVerifiedFilter,
} from './organization-domain-rules.js';
import {
  countDomains,
  type DomainFilters,
  findDomainsByIds,
  selectDomainIds,
} from './organization-domain-store.js';
import { organizationDomainsToApi } from './organization-domain-view.js';
import { findOrganization } from './organization-store.js';

type DomainPage = { data: OrganizationDomain[]; total_count: number };

const ORDER_COLUMNS = {
  created_at: 'organization_domains.created_at',
  name: 'organization_domains.name',
} as const;

async function readDomains(
  scope: Scope,
  filters: DomainFilters,
  orderBy: string | undefined,
  query: { limit?: number; offset?: number },
): Promise<DomainPage> {
  const ordering = parseOrderBy(orderBy, ORDER_COLUMNS, '-created_at');
  const [rows, total] = await Promise.all([
    readPage(
      selectDomainIds(scope.db, scope.instanceId, filters),
      'organization_domains.id',
      ordering,
      pageOf(query),
      (ids) => findDomainsByIds(scope.db, scope.instanceId, ids),
    ),
    countDomains(scope.db, scope.instanceId, filters),
  ]);
  const data = await organizationDomainsToApi(
    scope.db,
    scope.dialect,
    scope.instanceId,
    scope.baseUrl,
    rows,
    scope.clock.now(),
  );
  return paginated(data, total);
}

/** `GET /v1/organizations/{id}/domains`, newest first. */
export async function listOrganizationDomains(
  scope: Scope,
  organizationId: string,
  query: RequestQuery<'ListOrganizationDomains'>,
): Promise<DomainPage> {
  const verified = parseVerifiedFilter(query.verified);
  const modes =
    query.enrollment_mode === undefined
      ? undefined
      : parseModeFilter(query.enrollment_mode.split(',').map((v) => v.trim()));
  const organization = await findOrganization(scope.db, scope.instanceId, organizationId);
  if (!organization) throw apiErrors.notFound('organization', organizationId);
  return readDomains(
    scope,
    {
      organizationId: organization.id,
      ...(verified !== undefined ? { verified } : {}),
      ...(modes ? { modes } : {}),
    },
    undefined,
    query,
  );
}

/**
 * `GET /v1/organization_domains`: the instance's domains. `query` is an organization ID
 * when it starts with `org_`, else a case-insensitive part of the name.
 */
export async function listAllOrganizationDomains(
  scope: Scope,
  query: RequestQuery<'ListAllOrganizationDomains'>,
): Promise<DomainPage> {
  const filters: DomainFilters = {};
  if (query.organization_id !== undefined) filters.organizationId = query.organization_id;
  const verified = parseVerifiedFilter(query.verified);
  if (verified !== undefined) filters.verified = verified;
  if (query.enrollment_mode !== undefined) filters.modes = parseModeFilter(query.enrollment_mode);
  if (query.domains !== undefined) filters.names = query.domains.map(normalizeDomainFilter);
  if (query.query !== undefined) {
    const term = query.query.trim();
    if (term === '') throw apiErrors.paramValueInvalid('query', 'may not be empty');
    if (term.startsWith('org_')) {
      // Both an organization_id and a query naming another organization: nothing matches.
      if (filters.organizationId !== undefined && filters.organizationId !== term) {
        filters.names = [];
      }
      filters.organizationId = term;
    } else {
      filters.nameContains = term.toLowerCase();
    }
  }
  return readDomains(scope, filters, query.order_by, query);
}

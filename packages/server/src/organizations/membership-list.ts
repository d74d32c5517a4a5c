import type { RequestParams, RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import { resolveCandidates } from '../users/user-candidates.js';
import { hasNoFilters } from '../users/user-filters.js';
import { parseUserFilters } from '../users/user-list-params.js';
import {
  countMembershipRows,
  listMembershipRows,
  MEMBERSHIP_ORDER_COLUMNS,
  type MembershipSelection,
} from './membership-list-store.js';
import { findRoleIdsByKeys } from './membership-store.js';
import { membershipsToApi } from './membership-view.js';
import type { OrganizationMembership } from './organization-mapper.js';
import { findOrganization, type OrganizationRow } from './organization-store.js';
import { userExists } from '../users/user-store.js';

type Memberships = { data: OrganizationMembership[]; total_count: number };

/** Clerk's default order of every membership list: newest first. */
const DEFAULT_ORDER = '-created_at';
const MAX_ROLES = 100;

async function readMemberships(
  scope: Scope,
  selection: MembershipSelection,
  query: { order_by?: string | undefined; limit?: number; offset?: number },
  knownTotal?: number,
  organization?: OrganizationRow,
): Promise<Memberships> {
  const ordering = parseOrderBy(query.order_by, MEMBERSHIP_ORDER_COLUMNS, DEFAULT_ORDER);
  const [rows, total] = await Promise.all([
    listMembershipRows(scope.db, scope.dialect, selection, ordering, pageOf(query)),
    knownTotal ?? countMembershipRows(scope.db, scope.dialect, selection),
  ]);
  const known = organization ? [organization] : [];
  return paginated(await membershipsToApi(scope, scope.baseUrl, rows, known), total);
}

/**
 * `GET /v1/organizations/{id}/memberships`: the members, filtered by role and by the users'
 * list filters (IDs with `+`/`-`, identifiers, searches, activity and creation times), in
 * `order_by` order. Unfiltered, the total is the organization's counter.
 */
export async function listOrganizationMemberships(
  scope: Scope,
  params: RequestParams<'ListOrganizationMemberships'>,
  query: RequestQuery<'ListOrganizationMemberships'>,
): Promise<Memberships> {
  const organization = await findOrganization(scope.db, scope.instanceId, params.organization_id);
  if (!organization) throw apiErrors.notFound('organization', params.organization_id);
  const selection: MembershipSelection = {
    instanceId: scope.instanceId,
    organizationId: organization.id,
    keyInInstance: true,
  };
  if (query.role !== undefined) {
    if (query.role.length > MAX_ROLES) throw apiErrors.tooManyValues('role', MAX_ROLES);
    const keys = query.role.map((r) => r.trim());
    selection.roleIds = await findRoleIdsByKeys(scope.db, scope.instanceId, keys);
  }
  const filters = parseUserFilters(query);
  if (!hasNoFilters(filters)) {
    selection.members = await resolveCandidates(scope.db, scope.dialect, scope.instanceId, filters);
  }
  const unfiltered = selection.roleIds === undefined && selection.members === undefined;
  return readMemberships(
    scope,
    selection,
    query,
    unfiltered ? Number(organization.members_count) : undefined,
    organization,
  );
}

/** `GET /v1/organization_memberships`: every membership of the instance. */
export async function listInstanceMemberships(
  scope: Scope,
  query: RequestQuery<'InstanceGetOrganizationMemberships'>,
): Promise<Memberships> {
  return readMemberships(scope, { instanceId: scope.instanceId }, query);
}

/** `GET /v1/users/{id}/organization_memberships`: the user's memberships, newest first. */
export async function listUserMemberships(
  scope: Scope,
  userId: string,
  query: RequestQuery<'UsersGetOrganizationMemberships'>,
): Promise<Memberships> {
  if (!(await userExists(scope.db, scope.instanceId, userId))) {
    throw apiErrors.notFound('user', userId);
  }
  return readMemberships(
    scope,
    { instanceId: scope.instanceId, userId, keyInInstance: true },
    query,
  );
}

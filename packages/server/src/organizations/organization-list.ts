import type { RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf, parseOrderBy } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import type { Organization } from './organization-mapper.js';
import {
  countOrganizationRows,
  listOrganizationRows,
  ORGANIZATION_ORDER_COLUMNS,
  type OrganizationFilters,
} from './organization-list-store.js';
import { assertOrganizationsEnabled } from './organization-rules.js';
import { readOrganizationCount } from './organization-store.js';
import { organizationsToApi, readOrganizationExtras } from './organization-view.js';

type ListQuery = RequestQuery<'ListOrganizations'>;

/** As the user list: up to 100 values per filter. */
const MAX_VALUES = 100;

/** Splits `+value`/`-value` (no sign: include) into the included and the excluded. */
function signed(values: string[] | undefined, param: string) {
  if (values === undefined) return undefined;
  if (values.length > MAX_VALUES) throw apiErrors.tooManyValues(param, MAX_VALUES);
  const include: string[] = [];
  const exclude: string[] = [];
  // A `+` left unencoded in a query string arrives as a space: trimmed, it includes.
  for (const raw of values.map((v) => v.trim())) {
    if (raw.startsWith('-')) exclude.push(raw.slice(1));
    else include.push(raw.startsWith('+') ? raw.slice(1) : raw);
  }
  return { include, exclude };
}

/**
 * The filters of `GET /v1/organizations`. A filter given only with exclusions restricts
 * nothing else; one with inclusions keeps only what they name.
 */
export function parseOrganizationFilters(q: ListQuery): OrganizationFilters {
  const users = signed(q.user_id, 'user_id');
  const organizations = signed(q.organization_id, 'organization_id');
  const query = q.query?.trim();
  return {
    ...(query ? { query } : {}),
    ...(users && users.include.length > 0 ? { memberIds: users.include } : {}),
    excludedMemberIds: users?.exclude ?? [],
    ...(organizations && organizations.include.length > 0
      ? { organizations: organizations.include }
      : {}),
    excludedOrganizations: organizations?.exclude ?? [],
  };
}

/** No filter: every organization of the instance, whose number its counter keeps. */
function isUnfiltered(f: OrganizationFilters): boolean {
  return (
    f.query === undefined &&
    f.memberIds === undefined &&
    f.organizations === undefined &&
    f.excludedMemberIds.length === 0 &&
    f.excludedOrganizations.length === 0
  );
}

/**
 * `GET /v1/organizations`: newest first by default, ties broken by ID in the same direction;
 * `{ data, total_count }` (the total counts every match, not the page).
 */
export async function listOrganizations(
  scope: Scope,
  query: ListQuery,
): Promise<{ data: Organization[]; total_count: number }> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId);
  const filters = parseOrganizationFilters(query);
  const ordering = parseOrderBy(query.order_by, ORGANIZATION_ORDER_COLUMNS, '-created_at');
  const [rows, total] = await Promise.all([
    listOrganizationRows(scope.db, scope.instanceId, filters, ordering, pageOf(query)),
    isUnfiltered(filters)
      ? readOrganizationCount(scope.db, scope.instanceId)
      : countOrganizationRows(scope.db, scope.instanceId, filters),
  ]);
  const extras = await readOrganizationExtras(
    scope.db,
    scope.dialect,
    scope.instanceId,
    rows,
    scope.clock.now(),
    {
      counts: query.include_members_count,
      elevated: query.include_missing_member_with_elevated_permissions,
    },
  );
  return paginated(await organizationsToApi(scope.db, scope.baseUrl, rows, extras), total);
}

import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { escapeLike, unindexedRef } from '../db/values.js';
import type { Ordering, Page } from '../lists/list-params.js';
import { readTablePage } from '../lists/page-query.js';
import { MANAGE_MEMBERS_PERMISSION } from '../roles/default-roles.js';
import { findRoleIdsGranting } from './membership-store.js';
import type { OrganizationRow } from './organization-store.js';

/** `order_by` fields of the organization list and the indexed column each sorts by. */
export const ORGANIZATION_ORDER_COLUMNS = {
  created_at: 'organizations.created_at',
  name: 'organizations.name_lower',
  members_count: 'organizations.members_count',
} as const;

export type OrganizationOrderField = keyof typeof ORGANIZATION_ORDER_COLUMNS;

/** The list's filters, parsed. Empty arrays are "no filter" for exclusions only. */
export interface OrganizationFilters {
  /** Trimmed: the exact ID, or a substring of the name or the slug in any case. */
  query?: string;
  /** Organizations with any of these members (undefined: no such filter). */
  memberIds?: string[];
  excludedMemberIds: string[];
  /** IDs or slugs (undefined: no such filter). */
  organizations?: string[];
  excludedOrganizations: string[];
}

type OrganizationQuery<O> = SelectQueryBuilder<Db, 'organizations', O>;

function applyFilters<O>(
  db: Kysely<Db>,
  query: OrganizationQuery<O>,
  instanceId: string,
  f: OrganizationFilters,
): OrganizationQuery<O> {
  // Of given members or organizations, those keys' indexes answer: the instance's own
  // indexes would walk every organization of the instance.
  const keyed = f.memberIds !== undefined || f.organizations !== undefined;
  let q = query.where(
    keyed ? unindexedRef('organizations.instance_id') : 'organizations.instance_id',
    '=',
    instanceId,
  );
  if (f.query !== undefined) {
    const like = `%${escapeLike(f.query.toLowerCase())}%`;
    const exact = f.query;
    q = q.where((eb) =>
      eb.or([
        eb('organizations.id', '=', exact),
        sql<boolean>`organizations.name_lower like ${like} escape '\\'`,
        sql<boolean>`organizations.slug like ${like} escape '\\'`,
      ]),
    );
  }
  // From the `(user_id, …)` index alone: no instance condition, since a membership is in its
  // organization's instance and the organizations are already held to this one.
  const membersOf = (userIds: string[]) =>
    db
      .selectFrom('organization_memberships')
      .select('organization_memberships.organization_id')
      .where('organization_memberships.user_id', 'in', userIds);
  if (f.memberIds !== undefined) {
    const ids = f.memberIds;
    q =
      ids.length === 0
        ? q.where(sql<boolean>`1 = 0`)
        : q.where('organizations.id', 'in', membersOf(ids));
  }
  if (f.excludedMemberIds.length > 0) {
    q = q.where('organizations.id', 'not in', membersOf(f.excludedMemberIds));
  }
  if (f.organizations !== undefined) {
    const values = f.organizations;
    q =
      values.length === 0
        ? q.where(sql<boolean>`1 = 0`)
        : q.where((eb) =>
            eb.or([eb('organizations.id', 'in', values), eb('organizations.slug', 'in', values)]),
          );
  }
  if (f.excludedOrganizations.length > 0) {
    q = q
      .where('organizations.id', 'not in', f.excludedOrganizations)
      .where('organizations.slug', 'not in', f.excludedOrganizations);
  }
  return q;
}

/** One page of organizations, through the ordering index (`readTablePage`). */
export async function listOrganizationRows(
  db: Kysely<Db>,
  instanceId: string,
  filters: OrganizationFilters,
  ordering: Ordering<OrganizationOrderField>,
  page: Page,
): Promise<OrganizationRow[]> {
  const ids = applyFilters(
    db,
    db.selectFrom('organizations').select('organizations.id'),
    instanceId,
    filters,
  );
  return readTablePage(ids, 'organizations', ordering, page, (pageIds) =>
    db
      .selectFrom('organizations')
      .selectAll()
      .where(unindexedRef('instance_id'), '=', instanceId)
      .where('id', 'in', pageIds)
      .execute(),
  );
}

/** How many organizations match the filters (`total_count`). */
export async function countOrganizationRows(
  db: Kysely<Db>,
  instanceId: string,
  filters: OrganizationFilters,
): Promise<number> {
  const row = await applyFilters(
    db,
    db.selectFrom('organizations').select((eb) => eb.fn.countAll<number | string>().as('count')),
    instanceId,
    filters,
  ).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Of `organizationIds`, those with at least one member whose role grants
 * `org:sys_memberships:manage`. The roles granting it are few: read first, then the
 * memberships through the `(organization_id, role_id)` index.
 */
export async function organizationsWithElevatedMember(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  organizationIds: readonly string[],
): Promise<Set<string>> {
  if (organizationIds.length === 0) return new Set();
  const roles = await findRoleIdsGranting(db, instanceId, MANAGE_MEMBERS_PERMISSION);
  if (roles.length === 0) return new Set();
  const rows = await db
    .selectFrom('organization_memberships')
    .select('organization_id')
    .distinct()
    .where(dialect.unindexed('instance_id'), '=', instanceId)
    .where('organization_id', 'in', [...organizationIds])
    .where('role_id', 'in', roles)
    .execute();
  return new Set(rows.map((r) => r.organization_id));
}

import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import type { Ordering, Page } from '../lists/list-params.js';
import { compileTablePage, readTablePage } from '../lists/page-query.js';
import { applyResidualFilters, type ResidualFilters } from '../users/user-filters.js';
import { findMembershipsByIds } from './membership-store.js';
import type { MembershipRow } from './organization-store.js';

/**
 * `order_by` fields of the membership lists: the membership's `created_at`, or a column of
 * its member (each with the users' `(instance_id, column, id)` index).
 */
export const MEMBERSHIP_ORDER_COLUMNS = {
  created_at: 'organization_memberships.created_at',
  email_address: 'users.primary_email_lower',
  phone_number: 'users.primary_phone',
  first_name: 'users.first_name',
  last_name: 'users.last_name',
  username: 'users.username_lower',
} as const;

export type MembershipOrderField = keyof typeof MEMBERSHIP_ORDER_COLUMNS;

/** Which memberships a list reads. */
export interface MembershipSelection {
  instanceId: string;
  /** Of one organization (its `(organization_id, created_at, id)` index). */
  organizationId?: string;
  /** Of one user (its `(user_id, created_at, id)` index). */
  userId?: string;
  /**
   * The organization or user was read from this instance, so its memberships are the
   * instance's: no instance condition, which the key's index can't answer (each entry's row
   * would be read to check it).
   */
  keyInInstance?: boolean;
  /** Holding one of these roles (`role`); an empty list matches none. */
  roleIds?: string[];
  /** Conditions on the member (the users' list filters, resolved by `resolveCandidates`). */
  members?: ResidualFilters;
}

function selectMemberships<O>(
  q: SelectQueryBuilder<Db, 'organization_memberships', O>,
  dialect: DialectAdapter,
  s: MembershipSelection,
  joinUsers: boolean,
): SelectQueryBuilder<Db, 'organization_memberships', O> {
  // Of one organization or user, that key's index answers: the instance's own
  // `(instance_id, created_at)` index would read every membership of the instance.
  const keyed = s.organizationId !== undefined || s.userId !== undefined;
  if (!(keyed && s.keyInInstance)) {
    q = q.where(
      keyed
        ? dialect.unindexed('organization_memberships.instance_id')
        : 'organization_memberships.instance_id',
      '=',
      s.instanceId,
    );
  }
  if (s.organizationId !== undefined) {
    q = q.where('organization_memberships.organization_id', '=', s.organizationId);
  }
  if (s.userId !== undefined) q = q.where('organization_memberships.user_id', '=', s.userId);
  if (s.roleIds !== undefined) {
    q = q.where('organization_memberships.role_id', 'in', s.roleIds.length ? s.roleIds : ['']);
  }
  if (!joinUsers && s.members === undefined) return q;
  const joined = q.innerJoin('users', 'users.id', 'organization_memberships.user_id');
  if (s.members === undefined) {
    return joined.where('users.instance_id', '=', s.instanceId) as unknown as typeof q;
  }
  // The users' filters name only `users.` columns, so they apply to the join as they are.
  return applyResidualFilters(
    joined as unknown as SelectQueryBuilder<Db, 'users', O>,
    dialect,
    s.instanceId,
    s.members,
  ) as unknown as typeof q;
}

/** The organization or user a selection is only keyed by (the lists' common first page). */
function onlyKey(
  s: MembershipSelection,
): { column: 'organizationId' | 'userId'; value: string } | undefined {
  if (!s.keyInInstance || s.roleIds !== undefined || s.members !== undefined) return undefined;
  if (s.organizationId !== undefined && s.userId === undefined) {
    return { column: 'organizationId', value: s.organizationId };
  }
  if (s.userId !== undefined && s.organizationId === undefined) {
    return { column: 'userId', value: s.userId };
  }
  return undefined;
}

/**
 * The first page of one organization's or one user's memberships, in `created_at` order: as
 * `selectMemberships` for a key read from the instance, the key's index alone.
 */
const firstPageOfKey = compileTablePage<MembershipRow, 'organizationId' | 'userId'>(
  'organization_memberships',
  (db, key, value) =>
    db
      .selectFrom('organization_memberships')
      .select('organization_memberships.id')
      .where(
        key === 'organizationId'
          ? 'organization_memberships.organization_id'
          : 'organization_memberships.user_id',
        '=',
        value,
      ),
);

/**
 * One page of memberships in order, from the ordering index (through the join to the members
 * when ordered or filtered by them); `readTablePage`.
 */
export async function listMembershipRows(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  selection: MembershipSelection,
  ordering: Ordering<MembershipOrderField>,
  page: Page,
): Promise<MembershipRow[]> {
  if (selection.members?.candidateIds?.length === 0) return [];
  const key = onlyKey(selection);
  if (key && ordering.field === 'created_at' && page.offset === 0) {
    return firstPageOfKey(db, key.column, key.value, ordering, page);
  }
  const ids = selectMemberships(
    db.selectFrom('organization_memberships').select('organization_memberships.id'),
    dialect,
    selection,
    ordering.field !== 'created_at',
  );
  return readTablePage(ids, 'organization_memberships', ordering, page, (pageIds) =>
    findMembershipsByIds(db, selection.instanceId, pageIds),
  );
}

/** How many memberships the selection holds. */
export async function countMembershipRows(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  selection: MembershipSelection,
): Promise<number> {
  if (selection.members?.candidateIds?.length === 0) return 0;
  const row = await selectMemberships(
    db
      .selectFrom('organization_memberships')
      .select((eb) => eb.fn.countAll<string | number>().as('n')),
    dialect,
    selection,
    false,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

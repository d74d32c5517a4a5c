import { type ExpressionBuilder, type Insertable, type Kysely, type Selectable } from 'kysely';
import { compileByShape } from '../db/compiled-query.js';
import { adjustInstanceCount, readInstanceCount } from '../db/instance-counts.js';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, OrganizationMembershipsTable, OrganizationsTable } from '../db/schema.js';

export type OrganizationRow = Selectable<OrganizationsTable>;
export type MembershipRow = Selectable<OrganizationMembershipsTable>;

export async function insertOrganization(
  db: Kysely<Db>,
  row: Insertable<OrganizationsTable>,
): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

/** Moves the instance's organization count by `delta`, in the write that adds or removes one. */
export function adjustOrganizationCount(
  db: Kysely<Db>,
  instanceId: string,
  delta: number,
): Promise<void> {
  return adjustInstanceCount(db, 'organization_counts', instanceId, delta);
}

/** The instance's number of organizations. */
export function readOrganizationCount(db: Kysely<Db>, instanceId: string): Promise<number> {
  return readInstanceCount(db, 'organization_counts', instanceId);
}

const organizationBy = compileByShape(
  (db, column: 'id' | 'slug', instanceId: string, idOrSlug: string) =>
    (db as Kysely<Db>)
      .selectFrom('organizations')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where(column, '=', idOrSlug),
  () => 2,
);

/** An organization by ID, or by slug (both unique per instance). */
export async function findOrganization(
  db: Kysely<Db>,
  instanceId: string,
  idOrSlug: string,
): Promise<OrganizationRow | undefined> {
  const rows = await organizationBy(
    db,
    idOrSlug.startsWith('org_') ? 'id' : 'slug',
    instanceId,
    idOrSlug,
  );
  return rows[0];
}

/** Reads and locks the organization a write changes (by ID or slug). */
export async function lockOrganization(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  idOrSlug: string,
): Promise<OrganizationRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('organizations')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where(idOrSlug.startsWith('org_') ? 'id' : 'slug', '=', idOrSlug),
    )
    .executeTakeFirst();
}

export async function slugTaken(db: Kysely<Db>, instanceId: string, slug: string) {
  const row = await db
    .selectFrom('organizations')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds `delta` to the counter of members (the caller holds the organization's lock). */
export async function addToMembersCount(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  delta: number,
): Promise<void> {
  await db
    .updateTable('organizations')
    .set((eb) => ({ members_count: eb('members_count', '+', delta) }))
    .where('instance_id', '=', instanceId)
    .where('id', '=', organizationId)
    .execute();
}

export async function insertMembership(
  db: Kysely<Db>,
  row: Insertable<OrganizationMembershipsTable>,
): Promise<void> {
  await db.insertInto('organization_memberships').values(row).execute();
}

export async function findMembership(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  userId: string,
): Promise<MembershipRow | undefined> {
  return db
    .selectFrom('organization_memberships')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * An organization invitation that reads `pending` at `now`: stored pending and not past its
 * `expires_at` (one past it reads `expired`). Every count and check of outstanding
 * invitations uses this one condition.
 */
export function pendingInvitationAt(now: number) {
  return (eb: ExpressionBuilder<Db, 'organization_invitations'>) =>
    eb.and([
      eb('organization_invitations.status', '=', 'pending'),
      eb.or([
        eb('organization_invitations.expires_at', 'is', null),
        eb('organization_invitations.expires_at', '>', now),
      ]),
    ]);
}

/** Pending, unexpired invitations per organization (`pending_invitations_count`). */
export async function countPendingInvitations(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  organizationIds: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  const counts = new Map(organizationIds.map((id) => [id, 0]));
  if (organizationIds.length === 0) return counts;
  const rows = await db
    .selectFrom('organization_invitations')
    .select(['organization_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    // The `(organization_id, status, expires_at)` index answers, not the instance's.
    .where(dialect.unindexed('instance_id'), '=', instanceId)
    .where('organization_id', 'in', organizationIds)
    .where(pendingInvitationAt(now))
    .groupBy('organization_id')
    .execute();
  for (const row of rows) counts.set(row.organization_id, Number(row.n));
  return counts;
}

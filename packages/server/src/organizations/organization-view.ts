import { compileForIds } from '../db/compiled-query.js';
import { unindexedRef } from '../db/values.js';
import type { DialectAdapter } from '../db/dialect.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import {
  type Organization,
  organizationRowToApi,
  type OrganizationView,
} from './organization-mapper.js';
import { organizationsWithElevatedMember } from './organization-list-store.js';
import { countPendingInvitations, type OrganizationRow } from './organization-store.js';

/** What an answer adds to the row when asked: the counts, and whether it lacks an admin. */
export type OrganizationExtras = Pick<
  OrganizationView,
  'pendingInvitationsCount' | 'missingMemberWithElevatedPermissions'
>;

const roleSetKeysByIds = compileForIds((db, instanceId: string, roleSetIds: string[]) =>
  (db as Kysely<Db>)
    .selectFrom('role_sets')
    .select(['id', 'key'])
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', roleSetIds),
);

/** The keys of the role sets `roleSetIds` (one query for a page of organizations). */
async function roleSetKeysOf(db: Kysely<Db>, instanceId: string, roleSetIds: string[]) {
  const keys = new Map<string, string>();
  if (roleSetIds.length === 0) return keys;
  const unique = [...new Set(roleSetIds)];
  const rows = await roleSetKeysByIds(db, instanceId, unique);
  for (const row of rows) keys.set(row.id, row.key);
  return keys;
}

/** The API object of a stored organization (`role_set_key` read by the role set's ID). */
export async function organizationToApi(
  db: Kysely<Db>,
  baseUrl: string,
  row: OrganizationRow,
  options: OrganizationExtras = {},
): Promise<Organization> {
  const [organization] = await organizationsToApi(db, baseUrl, [row], () => options);
  return organization!;
}

/** The API objects of stored organizations of one instance, in their order. */
export async function organizationsToApi(
  db: Kysely<Db>,
  baseUrl: string,
  rows: readonly OrganizationRow[],
  extrasOf: (row: OrganizationRow) => OrganizationExtras = () => ({}),
): Promise<Organization[]> {
  if (rows.length === 0) return [];
  const roleSetIds = rows.map((r) => r.role_set_id).filter((id): id is string => id !== null);
  const keys = await roleSetKeysOf(db, rows[0]!.instance_id, roleSetIds);
  return rows.map((row) =>
    organizationRowToApi(row, {
      baseUrl,
      roleSetKey: row.role_set_id === null ? null : (keys.get(row.role_set_id) ?? null),
      ...extrasOf(row),
    }),
  );
}

/**
 * What `include_members_count` (`pending_invitations_count`, counted at `now`; the row holds
 * `members_count`) and `include_missing_member_with_elevated_permissions` add, per
 * organization, read for the whole page at once.
 */
export async function readOrganizationExtras(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  rows: readonly OrganizationRow[],
  now: number,
  asked: { counts?: boolean | undefined; elevated?: boolean | undefined },
): Promise<(row: OrganizationRow) => OrganizationExtras> {
  const ids = rows.map((r) => r.id);
  const [pending, elevated] = await Promise.all([
    asked.counts === true ? countPendingInvitations(db, dialect, instanceId, ids, now) : undefined,
    asked.elevated === true
      ? organizationsWithElevatedMember(db, dialect, instanceId, ids)
      : undefined,
  ]);
  return (row) => ({
    ...(pending ? { pendingInvitationsCount: pending.get(row.id) ?? 0 } : {}),
    ...(elevated ? { missingMemberWithElevatedPermissions: !elevated.has(row.id) } : {}),
  });
}

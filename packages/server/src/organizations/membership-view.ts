import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { roleGrantsOf } from '../roles/role-lookup.js';
// The module, not users/user-service.js: user deletion (user-service) removes memberships
// through this domain, so importing the users' service here would close an import cycle.
import { readPublicUserData } from '../users/user-public-data.js';
import { membershipRowToApi, type OrganizationMembership } from './organization-mapper.js';
import { findOrganizationsByIds } from './membership-store.js';
import { organizationsToApi } from './organization-view.js';
import type { MembershipRow, OrganizationRow } from './organization-store.js';

interface Reader {
  db: Kysely<Db>;
  instanceId: string;
}

/**
 * The API objects of memberships, in the order given: their organizations, roles (with
 * permissions) and members' public data each read once for the whole batch. `organizations`
 * holds rows the caller already has (a locked one, with its counter as it now is); the
 * others are read.
 */
export async function membershipsToApi(
  reader: Reader,
  baseUrl: string,
  rows: readonly MembershipRow[],
  organizations: readonly OrganizationRow[] = [],
): Promise<OrganizationMembership[]> {
  if (rows.length === 0) return [];
  const known = new Map(organizations.map((o) => [o.id, o]));
  const missing = rows.map((r) => r.organization_id).filter((id) => !known.has(id));
  for (const org of await findOrganizationsByIds(reader.db, reader.instanceId, missing)) {
    known.set(org.id, org);
  }
  const [organizationApis, roles, users] = await Promise.all([
    organizationsToApi(reader.db, baseUrl, [...known.values()]),
    roleGrantsOf(
      reader.db,
      reader.instanceId,
      rows.map((r) => r.role_id),
    ),
    readPublicUserData(
      reader.db,
      reader.instanceId,
      baseUrl,
      rows.map((r) => r.user_id),
    ),
  ]);
  const orgApi = new Map(organizationApis.map((o) => [o.id, o]));
  return rows.map((row) =>
    membershipRowToApi(
      row,
      orgApi.get(row.organization_id)!,
      roles.get(row.role_id)!,
      users.get(row.user_id),
    ),
  );
}

/** The API object of one membership. */
export async function membershipToApi(
  reader: Reader,
  baseUrl: string,
  row: MembershipRow,
  organization: OrganizationRow,
): Promise<OrganizationMembership> {
  const [membership] = await membershipsToApi(reader, baseUrl, [row], [organization]);
  return membership!;
}

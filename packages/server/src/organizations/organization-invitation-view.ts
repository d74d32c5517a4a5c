import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { roleGrantsOf } from '../roles/role-lookup.js';
import { readPublicUserData } from '../users/user-service.js';
import {
  invitationRowToApi,
  publicOrganizationDataOf,
  type OrganizationInvitation,
  type OrganizationInvitationWithOrganization,
} from './organization-invitation-mapper.js';
import { findOrganizationsByIds, type InvitationRow } from './organization-invitation-store.js';

/** Where and when the invitations are read. */
export interface InvitationReader {
  db: Kysely<Db>;
  instanceId: string;
  baseUrl: string;
  now: number;
}

/**
 * The API objects of invitations, their roles and inviters read in one query each;
 * `urls` holds the accept links of the invitations this write just made.
 */
export async function invitationsToApi(
  reader: InvitationReader,
  rows: readonly InvitationRow[],
  urls: ReadonlyMap<string, string> = new Map(),
): Promise<OrganizationInvitation[]> {
  const { db, instanceId, baseUrl, now } = reader;
  const [roles, inviters] = await Promise.all([
    roleGrantsOf(
      db,
      instanceId,
      rows.map((r) => r.role_id),
    ),
    readPublicUserData(
      db,
      instanceId,
      baseUrl,
      rows.flatMap((r) => (r.inviter_id ? [r.inviter_id] : [])),
    ),
  ]);
  return rows.map((row) => {
    const role = roles.get(row.role_id);
    return invitationRowToApi(row, {
      role: { key: role?.key ?? '', name: role?.name ?? '' },
      inviter: row.inviter_id ? inviters.get(row.inviter_id) : undefined,
      url: urls.get(row.id) ?? null,
      now,
    });
  });
}

/** As `invitationsToApi`, each with its organization's public data. */
export async function invitationsWithOrganizationToApi(
  reader: InvitationReader,
  rows: readonly InvitationRow[],
): Promise<OrganizationInvitationWithOrganization[]> {
  const [invitations, organizations] = await Promise.all([
    invitationsToApi(reader, rows),
    findOrganizationsByIds(
      reader.db,
      reader.instanceId,
      rows.map((r) => r.organization_id),
    ),
  ]);
  const byId = new Map(organizations.map((o) => [o.id, o]));
  return invitations.map((invitation) => {
    const org = byId.get(invitation.organization_id!);
    return org
      ? { ...invitation, public_organization_data: publicOrganizationDataOf(reader.baseUrl, org) }
      : invitation;
  });
}

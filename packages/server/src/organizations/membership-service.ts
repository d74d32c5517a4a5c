import { MANAGE_MEMBERS_PERMISSION } from '../roles/default-roles.js';
import type { RequestBody } from '@castellan/contract';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { parseJson } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { mergeMetadata, serializeMetadata } from '../platform/metadata.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { findRoleInSet, roleGrantsOf } from '../roles/role-lookup.js';
import { removeMembership } from './membership-removal.js';

export { removeMembershipsOfUser } from './membership-removal.js';
import {
  countMembersWithRoles,
  findMembershipsOfUser,
  findRoleIdsGranting,
  lockMembership,
  moveActiveOrganizationOfSessions,
  updateMembershipRow,
} from './membership-store.js';
import { membershipToApi } from './membership-view.js';
import { addMember } from './membership-writes.js';
import type { OrganizationMembership } from './organization-mapper.js';
import { assertOrganizationsEnabled } from './organization-rules.js';
import {
  findMembership,
  findOrganization,
  lockOrganization,
  type MembershipRow,
  type OrganizationRow,
} from './organization-store.js';

/** Reads and locks the organization a write changes; unknown is a 404. */
export async function lockExistingOrganization(
  tx: WriteTx,
  idOrSlug: string,
): Promise<OrganizationRow> {
  const row = await lockOrganization(tx.db, tx.dialect, tx.instanceId, idOrSlug);
  if (!row) throw apiErrors.notFound('organization', idOrSlug);
  return row;
}

/** The role `key` in the organization's role set; a role outside it is unknown (404). */
export async function roleOfOrganization(
  tx: WriteTx,
  organization: OrganizationRow,
  key: string,
  param = 'role',
): Promise<{ id: string; key: string; name: string }> {
  const role = organization.role_set_id
    ? await findRoleInSet(tx.db, tx.instanceId, organization.role_set_id, key)
    : undefined;
  if (!role) throw apiErrors.organizationRoleNotFound(param, key);
  return role;
}

/** `POST /v1/organizations/{id}/memberships`. */
export async function createOrganizationMembership(
  scope: Scope,
  organizationId: string,
  input: RequestBody<'CreateOrganizationMembership'>,
): Promise<OrganizationMembership> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId);
  return runWrite(scope, async (tx) => {
    const organization = await lockExistingOrganization(tx, organizationId);
    const role = await roleOfOrganization(tx, organization, input.role);
    return addMember(tx, scope.baseUrl, organization, {
      userId: input.user_id,
      userParam: 'user_id',
      roleId: role.id,
      publicMetadata: input.public_metadata,
      privateMetadata: input.private_metadata,
    });
  });
}

/** What a membership write locked: the organization, then the member's membership. */
async function lockExistingMembership(
  tx: WriteTx,
  organizationId: string,
  userId: string,
): Promise<{ organization: OrganizationRow; membership: MembershipRow }> {
  const organization = await lockExistingOrganization(tx, organizationId);
  const membership = await lockMembership(
    tx.db,
    tx.dialect,
    tx.instanceId,
    organization.id,
    userId,
  );
  if (!membership) throw apiErrors.notFound('organization membership', userId);
  return { organization, membership };
}

/**
 * Clerk keeps at least one member who can manage the members: a change that takes
 * `org:sys_memberships:manage` from the last member holding it (removing or demoting the
 * last admin) is refused. The caller holds the organization's lock, so two such changes
 * cannot both see the other member.
 */
async function assertKeepsAManager(
  tx: WriteTx,
  membership: MembershipRow,
  newRoleId: string | null,
): Promise<void> {
  const managers = await findRoleIdsGranting(tx.db, tx.instanceId, MANAGE_MEMBERS_PERMISSION);
  if (!managers.includes(membership.role_id)) return;
  if (newRoleId !== null && managers.includes(newRoleId)) return;
  const others = await countMembersWithRoles(
    tx.db,
    tx.instanceId,
    membership.organization_id,
    managers,
    membership.id,
  );
  if (others === 0) throw apiErrors.organizationMinimumPermissionsNeeded();
}

/** `PATCH /v1/organizations/{id}/memberships/{user_id}`: a role of the organization's role set. */
export async function updateOrganizationMembership(
  scope: Scope,
  organizationId: string,
  userId: string,
  input: RequestBody<'UpdateOrganizationMembership'>,
): Promise<OrganizationMembership> {
  return runWrite(scope, async (tx) => {
    const { organization, membership } = await lockExistingMembership(tx, organizationId, userId);
    const role = await roleOfOrganization(tx, organization, input.role);
    await assertKeepsAManager(tx, membership, role.id);
    const row = { ...membership, role_id: role.id, updated_at: tx.now };
    await updateMembershipRow(tx.db, tx.instanceId, row.id, {
      role_id: row.role_id,
      updated_at: row.updated_at,
    });
    const api = await membershipToApi(tx, scope.baseUrl, row, organization);
    await tx.emit('organizationMembership.updated', api);
    return api;
  });
}

type MetadataInput = RequestBody<'UpdateOrganizationMembershipMetadata'>;
const METADATA_KEYS = ['public_metadata', 'private_metadata'] as const;

/**
 * `PATCH …/memberships/{user_id}/metadata`: each object sent is deep-merged into the stored
 * one (`null` removes a key at any depth); a field not sent stays as it is.
 */
export async function updateOrganizationMembershipMetadata(
  scope: Scope,
  organizationId: string,
  userId: string,
  input: MetadataInput,
): Promise<OrganizationMembership> {
  return runWrite(scope, async (tx) => {
    const { organization, membership } = await lockExistingMembership(tx, organizationId, userId);
    const patch: Partial<Record<(typeof METADATA_KEYS)[number], string>> = {};
    for (const key of METADATA_KEYS) {
      const sent = input[key];
      if (sent === undefined || sent === null) continue;
      const current = parseJson<Record<string, unknown>>(membership[key]) ?? {};
      patch[key] = serializeMetadata(mergeMetadata(current, sent), key);
    }
    const row = { ...membership, ...patch, updated_at: tx.now };
    await updateMembershipRow(tx.db, tx.instanceId, row.id, { ...patch, updated_at: tx.now });
    const api = await membershipToApi(tx, scope.baseUrl, row, organization);
    await tx.emit('organizationMembership.updated', api);
    return api;
  });
}

/**
 * `DELETE /v1/organizations/{id}/memberships/{user_id}`: the membership goes and the
 * organization's counter drops, under its lock; the last member able to manage members
 * cannot be removed. The member's active sessions that had this organization active move to
 * their latest other membership (none: no active organization), as Clerk documents.
 */
export async function deleteOrganizationMembership(
  scope: Scope,
  organizationId: string,
  userId: string,
): Promise<OrganizationMembership> {
  return runWrite(scope, async (tx) => {
    const { organization, membership } = await lockExistingMembership(tx, organizationId, userId);
    await assertKeepsAManager(tx, membership, null);
    const api = await membershipToApi(tx, scope.baseUrl, membership, organization);
    await removeMembership(tx, membership);
    const [latest] = await findMembershipsOfUser(tx.db, tx.instanceId, userId);
    await moveActiveOrganizationOfSessions(
      tx.db,
      tx.instanceId,
      userId,
      organization.id,
      latest?.organization_id ?? null,
      tx.now,
    );
    await tx.emit('organizationMembership.deleted', api);
    return api;
  });
}

/** A member's standing in an organization: what a session token says of it. */
export interface MemberAccess {
  organizationId: string;
  slug: string;
  roleKey: string;
  permissions: string[];
}

/**
 * The organization `organizationId` (an ID, not a slug) and the role `userId` holds there:
 * undefined `organization` when there is none, undefined `access` when the user is not a
 * member.
 */
export async function readMemberAccess(
  reader: { db: Kysely<Db>; instanceId: string },
  organizationId: string,
  userId: string,
): Promise<{ organization?: OrganizationRow; access?: MemberAccess }> {
  if (!organizationId.startsWith('org_')) return {};
  const organization = await findOrganization(reader.db, reader.instanceId, organizationId);
  if (!organization) return {};
  const membership = await findMembership(reader.db, reader.instanceId, organization.id, userId);
  if (!membership) return { organization };
  const role = (await roleGrantsOf(reader.db, reader.instanceId, [membership.role_id])).get(
    membership.role_id,
  )!;
  return {
    organization,
    access: {
      organizationId: organization.id,
      slug: organization.slug,
      roleKey: role.key,
      permissions: role.permissions,
    },
  };
}

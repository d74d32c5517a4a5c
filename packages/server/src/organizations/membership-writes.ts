import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { serializeMetadata } from '../platform/metadata.js';
import type { WriteTx } from '../platform/write.js';
import { lockUserIfExists } from '../users/user-writes.js';
import type { OrganizationMembership } from './organization-mapper.js';
import { membershipToApi } from './membership-view.js';
import {
  addToMembersCount,
  findMembership,
  insertMembership,
  type OrganizationRow,
} from './organization-store.js';

export interface NewMember {
  userId: string;
  /** The parameter that named the user (`user_id`, `created_by`), for the errors. */
  userParam: string;
  roleId: string;
  publicMetadata?: Record<string, unknown> | null | undefined;
  privateMetadata?: Record<string, unknown> | null | undefined;
}

/**
 * Adds a member inside the write `tx`. The caller holds the organization's row lock (or
 * created it in this write), so the count check and the counter's increment cannot race:
 * concurrent adds for the last seat serialize on the lock, and only one gets it.
 */
export async function addMember(
  tx: WriteTx,
  baseUrl: string,
  organization: OrganizationRow,
  member: NewMember,
): Promise<OrganizationMembership> {
  if (!(await lockUserIfExists(tx, member.userId))) {
    throw member.userParam === 'user_id'
      ? apiErrors.notFound('user', member.userId)
      : apiErrors.userParamNotFound(member.userParam, member.userId);
  }
  if (await findMembership(tx.db, tx.instanceId, organization.id, member.userId)) {
    throw apiErrors.alreadyOrganizationMember(member.userParam, member.userId);
  }
  const max = Number(organization.max_allowed_memberships);
  if (max > 0 && Number(organization.members_count) >= max) {
    throw apiErrors.organizationMembershipQuotaExceeded(max);
  }
  const row = {
    id: generateId('orgmem', tx.now),
    instance_id: tx.instanceId,
    organization_id: organization.id,
    user_id: member.userId,
    role_id: member.roleId,
    public_metadata: serializeMetadata(member.publicMetadata ?? {}, 'public_metadata'),
    private_metadata: serializeMetadata(member.privateMetadata ?? {}, 'private_metadata'),
    created_at: tx.now,
    updated_at: tx.now,
  };
  await insertMembership(tx.db, row);
  await addToMembersCount(tx.db, tx.instanceId, organization.id, 1);
  const membership = await membershipToApi(tx, baseUrl, row, {
    ...organization,
    members_count: Number(organization.members_count) + 1,
  });
  await tx.emit('organizationMembership.created', membership);
  return membership;
}

export { membershipToApi } from './membership-view.js';

import type { WriteTx } from '../platform/write.js';
import { lockUserIfExists } from '../users/user-writes.js';
import { deleteMembershipRow, findMembershipsOfUser } from './membership-store.js';
import { membershipsToApi } from './membership-view.js';
import {
  addToMembersCount,
  lockOrganization,
  type MembershipRow,
  type OrganizationRow,
} from './organization-store.js';

/** Deletes a membership and drops its organization's counter (the caller holds its lock). */
export async function removeMembership(tx: WriteTx, membership: MembershipRow): Promise<void> {
  await deleteMembershipRow(tx.db, tx.instanceId, membership.id);
  await addToMembersCount(tx.db, tx.instanceId, membership.organization_id, -1);
}

async function lockOrganizations(
  tx: WriteTx,
  ids: Iterable<string>,
  locked: Map<string, OrganizationRow>,
): Promise<void> {
  // In ID order, so two writes locking the same organizations cannot deadlock each other.
  for (const id of [...new Set(ids)].sort()) {
    if (locked.has(id)) continue;
    const row = await lockOrganization(tx.db, tx.dialect, tx.instanceId, id);
    if (row) locked.set(id, row);
  }
}

/**
 * Removes every membership of a user that is being deleted, in the deleting write: each
 * organization's counter drops under its lock and `organizationMembership.deleted` is
 * recorded with the membership as it was (the foreign key's cascade alone would leave the
 * counters wrong and say nothing). The organizations are locked before the user, the order
 * in which adding a member locks them, so a concurrent add cannot deadlock with this; a
 * membership added before the user's lock was taken is found by reading again under it.
 * The last admin's removal is allowed here: the organization stays, without one (Clerk's
 * `missing_member_with_elevated_permissions`).
 */
export async function removeMembershipsOfUser(
  tx: WriteTx,
  baseUrl: string,
  userId: string,
): Promise<void> {
  const locked = new Map<string, OrganizationRow>();
  const before = await findMembershipsOfUser(tx.db, tx.instanceId, userId);
  await lockOrganizations(
    tx,
    before.map((m) => m.organization_id),
    locked,
  );
  if (!(await lockUserIfExists(tx, userId))) return;
  const memberships = await findMembershipsOfUser(tx.db, tx.instanceId, userId);
  await lockOrganizations(
    tx,
    memberships.map((m) => m.organization_id),
    locked,
  );
  const apis = await membershipsToApi(tx, baseUrl, memberships, [...locked.values()]);
  for (const [i, membership] of memberships.entries()) {
    await removeMembership(tx, membership);
    await tx.emit('organizationMembership.deleted', apis[i]);
  }
}

import type { WriteTx } from '../platform/write.js';

/**
 * Clears `organizationId` from every session of the instance that has it active (the
 * organization is being deleted in the write `tx`): those sessions go on without an active
 * organization, as Clerk clears them. Read through the `(instance_id,
 * last_active_organization_id)` index, so an instance's other sessions are not visited.
 */
export async function clearActiveOrganization(tx: WriteTx, organizationId: string): Promise<void> {
  await tx.db
    .updateTable('sessions')
    .set({ last_active_organization_id: null, updated_at: tx.now })
    .where('instance_id', '=', tx.instanceId)
    .where('last_active_organization_id', '=', organizationId)
    .execute();
}

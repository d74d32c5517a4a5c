import { removeImageFiles } from '../images/image-upload.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { clearActiveOrganization } from '../sessions/session-active-organization.js';
import { lockExistingOrganization } from './membership-service.js';
import { assertOrganizationsEnabled } from './organization-rules.js';
import { adjustOrganizationCount } from './organization-store.js';
import { deleteOrganizationRow, organizationLogoKeys } from './organization-write-store.js';

export interface DeletedOrganization {
  object: 'organization';
  id: string;
  slug: string;
  deleted: true;
}

/**
 * `DELETE /v1/organizations/{id}`, in one write: the organization row goes, and with it (by
 * cascade) its memberships, invitations and logo records; sessions that had it active are
 * left without an active organization. One event, `organization.deleted` (no
 * `organizationMembership.deleted` per member: docs/behaviour.md). The logo files are
 * removed once the write commits.
 */
export async function deleteOrganization(
  scope: Scope,
  idOrSlug: string,
): Promise<DeletedOrganization> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId, 400);
  let logoKeys: string[] = [];
  const deleted = await runWrite(scope, async (tx) => {
    const row = await lockExistingOrganization(tx, idOrSlug);
    logoKeys = await organizationLogoKeys(tx.db, tx.instanceId, row.id);
    await clearActiveOrganization(tx, row.id);
    await deleteOrganizationRow(tx.db, tx.instanceId, row.id);
    await adjustOrganizationCount(tx.db, tx.instanceId, -1);
    const result: DeletedOrganization = {
      object: 'organization',
      id: row.id,
      slug: row.slug,
      deleted: true,
    };
    await tx.emit('organization.deleted', result);
    return result;
  });
  await removeImageFiles(scope.files, logoKeys);
  return deleted;
}

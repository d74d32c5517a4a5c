import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { findRoleInSet } from '../roles/role-lookup.js';
import { addMember } from './membership-writes.js';
import type { OrganizationMembership } from './organization-mapper.js';
import { assertOrganizationsEnabled } from './organization-rules.js';
import { lockOrganization, type OrganizationRow } from './organization-store.js';
import type { WriteTx } from '../platform/write.js';

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

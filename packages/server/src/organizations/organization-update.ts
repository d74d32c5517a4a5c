import type { RequestBody } from '@castellan/contract';
import type { Updateable } from 'kysely';
import type { OrganizationsTable } from '../db/schema.js';
import { parseJson } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { mergeMetadata, serializeMetadata } from '../platform/metadata.js';
import type { Scope } from '../platform/scope.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { findRoleSetByKey } from '../roles/role-lookup.js';
import { parseTimestampParam } from '../users/user-writes.js';
import { lockExistingOrganization } from './membership-service.js';
import type { Organization } from './organization-mapper.js';
import {
  assertOrganizationsEnabled,
  parseOrganizationName,
  parseSlug,
} from './organization-rules.js';
import { slugTaken, type OrganizationRow } from './organization-store.js';
import { organizationToApi } from './organization-view.js';
import { rolesOutsideSet, updateOrganizationRow } from './organization-write-store.js';

type UpdateInput = RequestBody<'UpdateOrganization'>;
type MetadataInput = RequestBody<'MergeOrganizationMetadata'>;

/** From this API version on, metadata in `PATCH /v1/organizations/{id}` is rejected (spec). */
const METADATA_REJECTED_FROM = '2026-05-12';
const METADATA_KEYS = ['public_metadata', 'private_metadata'] as const;

/**
 * Runs a write that changes one organization: locks it (404 if unknown), lets `change`
 * compute the columns to set, stores them with `updated_at`, and emits
 * `organization.updated` with the organization as it now is (also the answer).
 */
async function changeOrganization(
  scope: Scope,
  idOrSlug: string,
  change: (tx: WriteTx, row: OrganizationRow) => Promise<Updateable<OrganizationsTable>>,
): Promise<Organization> {
  return runWrite(scope, async (tx) => {
    const row = await lockExistingOrganization(tx, idOrSlug);
    const patch = { ...(await change(tx, row)), updated_at: tx.now };
    await updateOrganizationRow(tx.db, tx.instanceId, row.id, patch);
    const organization = await organizationToApi(tx.db, scope.baseUrl, {
      ...row,
      ...patch,
    } as OrganizationRow);
    await tx.emit('organization.updated', organization);
    return organization;
  });
}

/** The role set `key` for the organization, refused if members or invitations hold roles outside it. */
async function roleSetFor(tx: WriteTx, row: OrganizationRow, key: string): Promise<string> {
  const roleSet = await findRoleSetByKey(tx.db, tx.instanceId, key);
  if (!roleSet) {
    throw apiErrors.paramValueInvalid('role_set_key', 'is not a role set of this instance');
  }
  if (roleSet.id === row.role_set_id) return roleSet.id;
  const outside = await rolesOutsideSet(tx.db, tx.instanceId, row.id, roleSet.id, tx.now);
  if (outside.length > 0) throw apiErrors.organizationRoleSetMissingRoles(key, outside.join(', '));
  return roleSet.id;
}

/**
 * `PATCH /v1/organizations/{id}`: every field sent is applied; `null` (which the spec
 * allows for each) leaves it as it is. `max_allowed_memberships` may go below the current
 * count: the members stay, no new one joins until the count is under it (as Clerk's seat
 * limits do).
 */
export async function updateOrganization(
  scope: Scope,
  idOrSlug: string,
  input: UpdateInput,
  apiVersion?: string,
): Promise<Organization> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId);
  if (apiVersion && apiVersion >= METADATA_REJECTED_FROM) {
    for (const key of METADATA_KEYS) {
      if (input[key] !== undefined) {
        throw apiErrors.organizationMetadataNotAcceptedHere(key, METADATA_REJECTED_FROM);
      }
    }
  }
  const name = typeof input.name === 'string' ? parseOrganizationName(input.name) : undefined;
  const slug = typeof input.slug === 'string' ? parseSlug(input.slug) : undefined;
  const createdAt =
    typeof input.created_at === 'string'
      ? parseTimestampParam(input.created_at, 'created_at')
      : undefined;
  const metadata: Updateable<OrganizationsTable> = {};
  for (const key of METADATA_KEYS) {
    const value = input[key];
    if (value !== undefined && value !== null) metadata[key] = serializeMetadata(value, key);
  }
  return changeOrganization(scope, idOrSlug, async (tx, row) => {
    const patch: Updateable<OrganizationsTable> = { ...metadata };
    if (name !== undefined) {
      patch.name = name;
      patch.name_lower = name.toLowerCase();
    }
    if (slug !== undefined && slug !== row.slug) {
      if (await slugTaken(tx.db, tx.instanceId, slug)) throw apiErrors.organizationSlugExists();
      patch.slug = slug;
    }
    if (typeof input.max_allowed_memberships === 'number') {
      patch.max_allowed_memberships = input.max_allowed_memberships;
    }
    if (typeof input.admin_delete_enabled === 'boolean') {
      patch.admin_delete_enabled = input.admin_delete_enabled;
    }
    if (createdAt !== undefined) patch.created_at = createdAt;
    if (typeof input.role_set_key === 'string') {
      patch.role_set_id = await roleSetFor(tx, row, input.role_set_key);
    }
    return patch;
  });
}

/**
 * `PATCH` (merge: deep, `null` removes a key) and `PUT` (replace) of
 * `/v1/organizations/{id}/metadata`. A field not sent is left as it is.
 */
export async function changeOrganizationMetadata(
  scope: Scope,
  idOrSlug: string,
  input: MetadataInput,
  mode: 'merge' | 'replace',
): Promise<Organization> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId, 400);
  return changeOrganization(scope, idOrSlug, async (_tx, row) => {
    const patch: Updateable<OrganizationsTable> = {};
    for (const key of METADATA_KEYS) {
      const sent = input[key];
      if (sent === undefined || sent === null) continue;
      const next =
        mode === 'merge'
          ? mergeMetadata(parseJson<Record<string, unknown>>(row[key]) ?? {}, sent)
          : sent;
      patch[key] = serializeMetadata(next, key);
    }
    return patch;
  });
}

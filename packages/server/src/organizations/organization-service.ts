import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RequestBody, RequestQuery } from '@castellan/contract';
import type { Db } from '../db/schema.js';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { serializeMetadata } from '../platform/metadata.js';
import type { Scope } from '../platform/scope.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';
import { runWrite } from '../platform/write.js';
import { findInitialRoleSet, findRoleSetByKey } from '../roles/role-lookup.js';
import { parseTimestampParam } from '../users/user-writes.js';
import { addMember } from './membership-writes.js';
import type { Organization } from './organization-mapper.js';
import {
  assertOrganizationsEnabled,
  parseOrganizationName,
  parseSlug,
} from './organization-rules.js';
import { organizationToApi, readOrganizationExtras } from './organization-view.js';
import {
  adjustOrganizationCount,
  findOrganization,
  insertOrganization,
  slugTaken,
} from './organization-store.js';

// The service looks first; this answers a concurrent request that took the same slug.
registerUniqueIndexes([
  {
    name: 'organizations_slug',
    table: 'organizations',
    columns: ['instance_id', 'slug'],
    error: () => apiErrors.organizationSlugExists(),
  },
]);

/** A slug made from the name; a taken one gets a random suffix. */
async function generateSlug(db: Kysely<Db>, instanceId: string, name: string): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 200)
      .replace(/-+$/, '') || 'organization';
  let slug = base;
  while (await slugTaken(db, instanceId, slug)) {
    slug = `${base}-${randomBytes(4).toString('hex')}`;
  }
  return slug;
}

/** `POST /v1/organizations`: the creator (`created_by`) becomes a member with the creator role. */
export async function createOrganization(
  scope: Scope,
  input: RequestBody<'CreateOrganization'>,
): Promise<Organization> {
  const settings = await assertOrganizationsEnabled(scope.db, scope.instanceId);
  const name = parseOrganizationName(input.name);
  const givenSlug = typeof input.slug === 'string' ? parseSlug(input.slug) : undefined;
  const maxMemberships = input.max_allowed_memberships ?? settings.max_allowed_memberships;
  const publicMetadata = serializeMetadata(input.public_metadata ?? {}, 'public_metadata');
  const privateMetadata = serializeMetadata(input.private_metadata ?? {}, 'private_metadata');
  const createdAt =
    typeof input.created_at === 'string'
      ? parseTimestampParam(input.created_at, 'created_at')
      : undefined;
  return runWrite(scope, async (tx) => {
    const roleSet =
      typeof input.role_set_key === 'string'
        ? await findRoleSetByKey(tx.db, tx.instanceId, input.role_set_key)
        : await findInitialRoleSet(tx.db, tx.instanceId);
    if (!roleSet) {
      throw apiErrors.paramValueInvalid('role_set_key', 'is not a role set of this instance');
    }
    if (givenSlug !== undefined && (await slugTaken(tx.db, tx.instanceId, givenSlug))) {
      throw apiErrors.organizationSlugExists();
    }
    const slug = givenSlug ?? (await generateSlug(tx.db, tx.instanceId, name));
    const row = {
      id: generateId('org', tx.now),
      instance_id: tx.instanceId,
      name,
      name_lower: name.toLowerCase(),
      slug,
      image_id: null,
      max_allowed_memberships: maxMemberships,
      admin_delete_enabled: settings.admin_delete_enabled,
      public_metadata: publicMetadata,
      private_metadata: privateMetadata,
      created_by: input.created_by ?? null,
      role_set_id: roleSet.id,
      members_count: 0,
      last_active_at: null,
      created_at: createdAt ?? tx.now,
      updated_at: createdAt ?? tx.now,
    };
    await insertOrganization(tx.db, row);
    await adjustOrganizationCount(tx.db, tx.instanceId, 1);
    const organization = await organizationToApi(tx.db, scope.baseUrl, row);
    await tx.emit('organization.created', organization);
    if (row.created_by !== null) {
      if (!roleSet.creator_role_id) {
        throw apiErrors.paramValueInvalid('created_by', 'needs a role set with a creator role');
      }
      await addMember(tx, scope.baseUrl, row, {
        userId: row.created_by,
        userParam: 'created_by',
        roleId: roleSet.creator_role_id,
      });
    }
    return organization;
  });
}

/** `GET /v1/organizations/{id or slug}`. */
export async function getOrganization(
  scope: Scope,
  idOrSlug: string,
  query: RequestQuery<'GetOrganization'>,
): Promise<Organization> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId);
  const row = await findOrganization(scope.db, scope.instanceId, idOrSlug);
  if (!row) throw apiErrors.notFound('organization', idOrSlug);
  const extras = await readOrganizationExtras(
    scope.db,
    scope.dialect,
    scope.instanceId,
    [row],
    scope.clock.now(),
    {
      counts: query.include_members_count,
      elevated: query.include_missing_member_with_elevated_permissions,
    },
  );
  return organizationToApi(scope.db, scope.baseUrl, row, extras(row));
}

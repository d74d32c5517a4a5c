import { apiErrors } from '../errors/api-errors.js';
import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { parseJson } from '../db/values.js';
import { defaultAvatarUrlOf, imageUrlOf } from '../images/image-urls.js';
import { readMemberAccess } from '../organizations/membership-service.js';

/** What a session token says of the session's active organization (issue 9 supplies it). */
export interface ActiveOrganization {
  id: string;
  slug: string;
  /** The member's role key, `org:admin` or `admin`. */
  role: string;
  /** The member's permission keys, `org:<feature>:<permission>`. */
  permissions: readonly string[];
}

/**
 * The organization a session of `userId` may make active, with the member's role and its
 * permissions. An unknown organization is a 404 (`resource_not_found`); one the user is not
 * a member of, Clerk's `organization_not_found_or_unauthorized` (404 too). `reader` is the
 * scope, or the write that starts the session.
 */
export async function resolveActiveOrganization(
  reader: { db: Kysely<Db>; instanceId: string },
  organizationId: string,
  userId: string,
): Promise<ActiveOrganization> {
  const { organization, access } = await readMemberAccess(reader, organizationId, userId);
  if (!organization) throw apiErrors.notFound('organization', organizationId);
  if (!access) throw apiErrors.organizationNotFoundOrUnauthorized();
  return {
    id: access.organizationId,
    slug: access.slug,
    role: access.roleKey,
    permissions: access.permissions,
  };
}

/** What a JWT template's `{{org.…}}` shortcodes read: the organization and the member's role. */
export interface TemplateOrganization {
  id: string;
  name: string;
  slug: string | null;
  image_url: string;
  role: string;
  permissions: string[];
  public_metadata: Record<string, unknown>;
}

/** The session's active organization for a JWT template (same checks as the token's `o`). */
export async function resolveTemplateOrganization(
  scope: { db: Kysely<Db>; instanceId: string; baseUrl: string },
  organizationId: string,
  userId: string,
): Promise<TemplateOrganization> {
  const { organization, access } = await readMemberAccess(scope, organizationId, userId);
  if (!organization) throw apiErrors.notFound('organization', organizationId);
  if (!access) throw apiErrors.organizationNotFoundOrUnauthorized();
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: organization.image_id
      ? imageUrlOf(scope.baseUrl, organization.image_id)
      : defaultAvatarUrlOf(scope.baseUrl),
    role: access.roleKey,
    permissions: access.permissions,
    public_metadata: parseJson<Record<string, unknown>>(organization.public_metadata) ?? {},
  };
}

/** The v2 token's organization claims: `o` and the features of `fea`, with `fpm` per feature. */
export interface OrganizationClaims {
  o: { id: string; slg: string; rol: string; per: string; fpm: string };
  fea: string;
}

/**
 * Clerk's compact v2 organization claim: the role without `org:`; `per`, the permission
 * names once each; for each feature (in `fea` as `o:<feature>`), `fpm` holds a bit mask of
 * which of `per` it grants (bit i for `per[i]`).
 */
export function organizationClaims(org: ActiveOrganization): OrganizationClaims {
  const grants = org.permissions
    .map((key) => /^org:([^:]+):(.+)$/.exec(key))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ feature: m[1]!, permission: m[2]! }));
  const permissions = [...new Set(grants.map((g) => g.permission))];
  const features = [...new Set(grants.map((g) => g.feature))];
  const masks = features.map((feature) =>
    grants
      .filter((g) => g.feature === feature)
      .reduce((mask, g) => mask | (1 << permissions.indexOf(g.permission)), 0),
  );
  return {
    o: {
      id: org.id,
      slg: org.slug,
      rol: org.role.replace(/^org:/, ''),
      per: permissions.join(','),
      fpm: masks.join(','),
    },
    fea: features.map((f) => `o:${f}`).join(','),
  };
}

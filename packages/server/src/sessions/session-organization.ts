import { apiErrors } from '../errors/api-errors.js';
import type { Scope } from '../platform/scope.js';

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
 * The organization a session of `userId` may make active, with the member's role. Seam for
 * issue 9: organizations do not exist yet, so every ID is an unknown organization (404, as
 * Clerk answers an organization it does not find); issue 9 replaces the body with a lookup
 * of the organization and the user's membership.
 */
export async function resolveActiveOrganization(
  _scope: Scope,
  organizationId: string,
  _userId: string,
): Promise<ActiveOrganization> {
  throw apiErrors.notFound('organization', organizationId);
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

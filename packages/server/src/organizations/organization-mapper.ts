import type { ResponseBody } from '@castellan/contract';
import { parseJson, toBool } from '../db/values.js';
import { defaultAvatarUrlOf, imageUrlOf } from '../images/image-urls.js';
import type { RoleGrant } from '../roles/role-lookup.js';
import type { PublicUserData } from '../users/user-service.js';
import type { MembershipRow, OrganizationRow } from './organization-store.js';

export type Organization = ResponseBody<'GetOrganization', '200'>;
export type OrganizationMembership = ResponseBody<'CreateOrganizationMembership', '200'>;

/** What the row alone does not say: where images are served, and the counts asked for. */
export interface OrganizationView {
  baseUrl: string;
  /** The key of the organization's role set (`role_set_key`). */
  roleSetKey: string | null;
  /** With `members_count`: `pending_invitations_count` (`include_members_count`). */
  pendingInvitationsCount?: number;
  /** `missing_member_with_elevated_permissions`, when asked for and worked out. */
  missingMemberWithElevatedPermissions?: boolean;
}

export function organizationRowToApi(row: OrganizationRow, view: OrganizationView): Organization {
  const imageUrl = row.image_id
    ? imageUrlOf(view.baseUrl, row.image_id)
    : defaultAvatarUrlOf(view.baseUrl);
  return {
    object: 'organization',
    id: row.id,
    name: row.name,
    slug: row.slug,
    image_url: imageUrl,
    ...(row.image_id ? { logo_url: imageUrl } : {}),
    has_image: row.image_id !== null,
    ...(view.pendingInvitationsCount !== undefined
      ? {
          members_count: Number(row.members_count),
          pending_invitations_count: view.pendingInvitationsCount,
        }
      : {}),
    ...(view.missingMemberWithElevatedPermissions !== undefined
      ? { missing_member_with_elevated_permissions: view.missingMemberWithElevatedPermissions }
      : {}),
    max_allowed_memberships: Number(row.max_allowed_memberships),
    admin_delete_enabled: toBool(row.admin_delete_enabled),
    public_metadata: parseJson(row.public_metadata) as Record<string, unknown>,
    private_metadata: parseJson(row.private_metadata) as Record<string, unknown>,
    ...(row.created_by !== null ? { created_by: row.created_by } : {}),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    ...(row.last_active_at !== null ? { last_active_at: Number(row.last_active_at) } : {}),
    role_set_key: view.roleSetKey,
  } as Organization;
}

/** A membership with its organization, its role's permissions and its member's public data. */
export function membershipRowToApi(
  row: MembershipRow,
  organization: Organization,
  role: RoleGrant,
  user: PublicUserData | undefined,
): OrganizationMembership {
  return {
    object: 'organization_membership',
    id: row.id,
    role: role.key,
    role_name: role.name,
    permissions: role.permissions,
    public_metadata: parseJson(row.public_metadata) as Record<string, unknown>,
    private_metadata: parseJson(row.private_metadata) as Record<string, unknown>,
    organization,
    ...(user ? { public_user_data: user } : {}),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

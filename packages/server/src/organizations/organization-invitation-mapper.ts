import type { ResponseBody } from '@castellan/contract';
import { parseJson } from '../db/values.js';
import { defaultAvatarUrlOf, imageUrlOf } from '../images/image-urls.js';
import type { PublicUserData } from '../users/user-service.js';
import type { InvitationRow } from './organization-invitation-store.js';

export type OrganizationInvitation = ResponseBody<'CreateOrganizationInvitation', '200'>;
export type OrganizationInvitationWithOrganization = ResponseBody<
  'ListInstanceOrganizationInvitations',
  '200'
>['data'][number];
type PublicOrganizationData = NonNullable<
  OrganizationInvitationWithOrganization['public_organization_data']
>;

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

/** Days an invitation lives unless `expires_in_days` says otherwise (Clerk's default). */
export const DEFAULT_INVITATION_DAYS = 30;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The status at `now`: a pending invitation past `expires_at` reads `expired`. */
export function invitationStateAt(
  row: Pick<InvitationRow, 'status' | 'expires_at'>,
  now: number,
): InvitationState {
  const expired = row.expires_at !== null && Number(row.expires_at) <= now;
  return row.status === 'pending' && expired ? 'expired' : (row.status as InvitationState);
}

/** What an invitation shows of its inviter (the schema's fields only). */
function inviterDataOf(user: PublicUserData | undefined) {
  if (!user) return null;
  return {
    user_id: user.user_id,
    first_name: user.first_name,
    last_name: user.last_name,
    image_url: user.image_url,
    has_image: user.has_image,
    identifier: user.identifier ?? '',
  };
}

/** What the row alone does not say. */
export interface InvitationView {
  role: { key: string; name: string };
  inviter: PublicUserData | undefined;
  /** The accept link: only the write that made the ticket knows it (only its hash is kept). */
  url: string | null;
  now: number;
}

export function invitationRowToApi(
  row: InvitationRow,
  view: InvitationView,
): OrganizationInvitation {
  return {
    object: 'organization_invitation',
    id: row.id,
    email_address: row.email_address,
    role: view.role.key,
    role_name: view.role.name,
    organization_id: row.organization_id,
    inviter_id: row.inviter_id,
    public_inviter_data: inviterDataOf(view.inviter),
    status: invitationStateAt(row, view.now),
    public_metadata: parseJson(row.public_metadata) as Record<string, unknown>,
    private_metadata: parseJson(row.private_metadata) as Record<string, unknown>,
    url: view.url,
    expires_at: row.expires_at === null ? null : Number(row.expires_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/** `public_organization_data` of an invitation. */
export function publicOrganizationDataOf(
  baseUrl: string,
  org: { id: string; name: string; slug: string; image_id: string | null },
): PublicOrganizationData {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    image_url: org.image_id ? imageUrlOf(baseUrl, org.image_id) : defaultAvatarUrlOf(baseUrl),
    has_image: org.image_id !== null,
  };
}

import { MANAGE_MEMBERS_PERMISSION } from '../roles/default-roles.js';
import { parseJson } from '../db/values.js';
import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { normalizeEmail } from '../identifiers/email.js';
import { generateId } from '../ids/generate-id.js';
import { recordMessage } from '../messages/message-service.js';
import { organizationInvitationEmail } from '../messages/message-templates.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import { serializeMetadata } from '../platform/metadata.js';
import type { ScopeInstance } from '../platform/scope.js';
import type { WriteTx } from '../platform/write.js';
import { parseRedirectUrl } from '../redirect-urls/redirect-url-value.js';
import { roleGrantsOf } from '../roles/role-lookup.js';
import {
  hashTicketToken,
  newTicketToken,
  ticketUrl,
} from '../sign-in-tokens/sign-in-token-service.js';
import { readPublicUserData } from '../users/user-service.js';
import { roleOfOrganization } from './membership-service.js';
import {
  DAY_MS,
  DEFAULT_INVITATION_DAYS,
  type OrganizationInvitation,
} from './organization-invitation-mapper.js';
import {
  findEmailOwner,
  hasPendingInvitation,
  insertInvitation,
} from './organization-invitation-store.js';
import { invitationsToApi } from './organization-invitation-view.js';
import {
  countPendingInvitations,
  findMembership,
  type OrganizationRow,
} from './organization-store.js';

/** One invitation as CreateOrganizationInvitation (or an item of the bulk create) asks for it. */
export interface NewOrganizationInvitation {
  emailAddress: string;
  /** The role's key, of the organization's role set. */
  role: string;
  inviterUserId?: string | null | undefined;
  publicMetadata?: Record<string, unknown> | null | undefined;
  privateMetadata?: Record<string, unknown> | null | undefined;
  redirectUrl?: string | null | undefined;
  /** 1–365 (the contract checks the bounds); default 30. */
  expiresInDays?: number | null | undefined;
  /** Send the invitation email (default true). */
  notify?: boolean | null | undefined;
  /** Set by a verified domain's automatic invitations: the organization lists leave them out. */
  organizationDomainId?: string | null | undefined;
}

/** Where the write's links point and whose instance it is. */
export interface InvitationContext {
  instance: ScopeInstance;
  baseUrl: string;
}

/**
 * Refuses `userId` (named by `param`) unless it is a member of the organization whose role
 * grants `org:sys_memberships:manage`: an unknown user is a 400, a non-administrator a 403.
 */
export async function assertOrganizationAdmin(
  tx: WriteTx,
  organization: OrganizationRow,
  userId: string,
  param: string,
): Promise<void> {
  const membership = await findMembership(tx.db, tx.instanceId, organization.id, userId);
  if (!membership) {
    const user = await readPublicUserData(tx.db, tx.instanceId, '', [userId]);
    if (!user.has(userId)) throw apiErrors.userParamNotFound(param, userId);
    throw apiErrors.notAnAdminInOrganization(param, userId);
  }
  const grants = await roleGrantsOf(tx.db, tx.instanceId, [membership.role_id]);
  if (!grants.get(membership.role_id)?.permissions.includes(MANAGE_MEMBERS_PERMISSION)) {
    throw apiErrors.notAnAdminInOrganization(param, userId);
  }
}

function parseInvitationRedirectUrl(url: string, instance: ScopeInstance): string {
  try {
    return parseRedirectUrl(url, instance.environment).url;
  } catch (error) {
    if (!(error instanceof ClerkApiError)) throw error;
    throw apiErrors.paramFormatInvalid(
      'redirect_url',
      'must be an absolute URL (https://…, http://… in development, or my-app://… for a native app)',
    );
  }
}

/**
 * Invites an email address to the organization inside the write `tx` (CreateOrganizationInvitation,
 * each item of the bulk create, a verified domain's automatic invitations). The caller holds
 * the organization's row lock, so the duplicate and quota checks cannot race another
 * invitation or membership of the organization. Checks, in order: the address, the role
 * (of the organization's role set), the inviter (an administrator), the redirect URL and
 * the metadata; then that the address is no member's, has no pending invitation here, and
 * that members plus outstanding invitations stay within `max_allowed_memberships`.
 * Records `organizationInvitation.created` and, with `notify`, the email; returns the
 * invitation (its `url` carries the ticket, shown only now) and the email to deliver once
 * the write commits.
 */
export async function inviteToOrganization(
  tx: WriteTx,
  context: InvitationContext,
  organization: OrganizationRow,
  input: NewOrganizationInvitation,
): Promise<{ invitation: OrganizationInvitation; message: OutgoingMessage | undefined }> {
  const email = normalizeEmail(input.emailAddress, 'email_address');
  const role = await roleOfOrganization(tx, organization, input.role);
  const inviterId = input.inviterUserId ?? null;
  if (inviterId !== null) {
    await assertOrganizationAdmin(tx, organization, inviterId, 'inviter_user_id');
  }
  const redirectUrl =
    typeof input.redirectUrl === 'string'
      ? parseInvitationRedirectUrl(input.redirectUrl, context.instance)
      : null;
  const publicMetadata = serializeMetadata(input.publicMetadata ?? {}, 'public_metadata');
  const privateMetadata = serializeMetadata(input.privateMetadata ?? {}, 'private_metadata');

  const owner = await findEmailOwner(tx.db, tx.instanceId, email.lower);
  if (owner && (await findMembership(tx.db, tx.instanceId, organization.id, owner.userId))) {
    throw apiErrors.alreadyOrganizationMember('email_address', email.address);
  }
  if (await hasPendingInvitation(tx.db, tx.instanceId, organization.id, email.lower, tx.now)) {
    throw apiErrors.organizationInvitationNotUnique('email_address', email.address);
  }
  const max = Number(organization.max_allowed_memberships);
  if (max > 0) {
    const pending = await countPendingInvitations(
      tx.db,
      tx.dialect,
      tx.instanceId,
      [organization.id],
      tx.now,
    );
    if (Number(organization.members_count) + (pending.get(organization.id) ?? 0) >= max) {
      throw apiErrors.organizationInvitationQuotaExceeded(max);
    }
  }

  const days = input.expiresInDays ?? DEFAULT_INVITATION_DAYS;
  const token = newTicketToken();
  const row = {
    id: generateId('orginv', tx.now),
    instance_id: tx.instanceId,
    organization_id: organization.id,
    email_address: email.address,
    email_lower: email.lower,
    role_id: role.id,
    inviter_id: inviterId,
    status: 'pending',
    public_metadata: publicMetadata,
    private_metadata: privateMetadata,
    redirect_url: redirectUrl,
    token_hash: hashTicketToken(token),
    expires_at: tx.now + days * DAY_MS,
    created_at: tx.now,
    updated_at: tx.now,
    organization_domain_id: input.organizationDomainId ?? null,
    search_rowid: null,
  };
  await insertInvitation(tx.db, tx.dialect, row);
  const url = ticketUrl(context.instance, token);
  const [invitation] = await invitationsToApi(
    { db: tx.db, instanceId: tx.instanceId, baseUrl: context.baseUrl, now: tx.now },
    [row],
    new Map([[row.id, url]]),
  );
  // The event carries no ticket: webhook receivers never get a usable link.
  await tx.emit('organizationInvitation.created', { ...invitation!, url: null });
  if (input.notify === false) return { invitation: invitation!, message: undefined };
  const inviter = invitation!.public_inviter_data;
  const inviterName = inviter
    ? [inviter.first_name, inviter.last_name].filter(Boolean).join(' ') || inviter.identifier
    : null;
  const message = await recordMessage(
    tx,
    organizationInvitationEmail(
      email.address,
      {
        organizationName: organization.name,
        roleName: role.name,
        inviterName,
        url,
        expiresInDays: days,
      },
      { userId: owner?.userId ?? null, identificationId: owner?.emailAddressId ?? null },
    ),
  );
  return { invitation: invitation!, message };
}

/** The metadata an accepted invitation hands to the membership it creates. */
export function invitationMetadataOf(row: { public_metadata: unknown; private_metadata: unknown }) {
  return {
    publicMetadata: parseJson(row.public_metadata) as Record<string, unknown>,
    privateMetadata: parseJson(row.private_metadata) as Record<string, unknown>,
  };
}

import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { ClerkApiError } from '../errors/clerk-api-error.js';
import { deliverMessages } from '../messages/message-service.js';
import { paginated } from '../lists/list-responses.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { lockExistingOrganization } from './membership-service.js';
import {
  invitationStateAt,
  type OrganizationInvitation,
} from './organization-invitation-mapper.js';
import {
  findInvitation,
  lockInvitation,
  updateInvitationStatus,
} from './organization-invitation-store.js';
import { invitationsToApi } from './organization-invitation-view.js';
import {
  assertOrganizationAdmin,
  inviteToOrganization,
  type NewOrganizationInvitation,
} from './organization-invitation-writes.js';
import { assertOrganizationsEnabled } from './organization-rules.js';
import { findOrganization } from './organization-store.js';

export {
  acceptOrganizationInvitation,
  findOrganizationInvitationTicket,
  type InvitationKey,
  type OrganizationInvitationTicket,
} from './organization-invitation-accept.js';
export {
  inviteToOrganization,
  type NewOrganizationInvitation,
} from './organization-invitation-writes.js';
export type { OrganizationInvitation } from './organization-invitation-mapper.js';

type InvitationBody = RequestBody<'CreateOrganizationInvitation'>;

function newInvitationOf(body: InvitationBody): NewOrganizationInvitation {
  return {
    emailAddress: body.email_address,
    role: body.role,
    inviterUserId: body.inviter_user_id,
    publicMetadata: body.public_metadata,
    privateMetadata: body.private_metadata,
    redirectUrl: body.redirect_url,
    expiresInDays: body.expires_in_days,
    notify: body.notify,
  };
}

/**
 * Invites each of `bodies` in one write, all or nothing (the bulk create), then delivers
 * the emails once it has committed.
 */
/** A bulk item's error names the item in `meta.item_index` (0-based), as bulk invitations do. */
function ofItem(index: number, error: unknown): unknown {
  if (!(error instanceof ClerkApiError)) return error;
  return new ClerkApiError(
    error.status,
    error.errors.map((item) => ({ ...item, meta: { ...item.meta, item_index: index } })),
    error.headers,
  );
}

async function invite(
  scope: Scope,
  organizationId: string,
  bodies: readonly InvitationBody[],
  bulk: boolean,
): Promise<OrganizationInvitation[]> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId);
  const { invitations, messages } = await runWrite(scope, async (tx) => {
    const organization = await lockExistingOrganization(tx, organizationId);
    const out: OrganizationInvitation[] = [];
    const outgoing: OutgoingMessage[] = [];
    for (const [index, body] of bodies.entries()) {
      const { invitation, message } = await inviteToOrganization(
        tx,
        { instance: scope.instance, baseUrl: scope.baseUrl },
        organization,
        newInvitationOf(body),
      ).catch((error: unknown) => {
        throw bulk ? ofItem(index, error) : error;
      });
      out.push(invitation);
      if (message) outgoing.push(message);
    }
    return { invitations: out, messages: outgoing };
  });
  await deliverMessages(scope, messages);
  return invitations;
}

/** `POST /v1/organizations/{id}/invitations`. */
export async function createOrganizationInvitation(
  scope: Scope,
  organizationId: string,
  body: InvitationBody,
): Promise<OrganizationInvitation> {
  const [invitation] = await invite(scope, organizationId, [body], false);
  return invitation!;
}

/** `POST /v1/organizations/{id}/invitations/bulk`: up to 10, in one transaction. */
export async function createOrganizationInvitationBulk(
  scope: Scope,
  organizationId: string,
  bodies: RequestBody<'CreateOrganizationInvitationBulk'>,
) {
  const invitations = await invite(scope, organizationId, bodies, true);
  return paginated(invitations, invitations.length);
}

/** `GET /v1/organizations/{id}/invitations/{invitation_id}`. */
export async function getOrganizationInvitation(
  scope: Scope,
  organizationId: string,
  invitationId: string,
): Promise<OrganizationInvitation> {
  const organization = await findOrganization(scope.db, scope.instanceId, organizationId);
  if (!organization) throw apiErrors.notFound('organization', organizationId);
  const row = await findInvitation(scope.db, scope.instanceId, organization.id, invitationId);
  if (!row) throw apiErrors.notFound('organization_invitation', invitationId);
  const [invitation] = await invitationsToApi(
    { db: scope.db, instanceId: scope.instanceId, baseUrl: scope.baseUrl, now: scope.clock.now() },
    [row],
  );
  return invitation!;
}

/**
 * `POST /v1/organizations/{id}/invitations/{invitation_id}/revoke`: pending invitations
 * only; `requesting_user_id`, when given, must be an administrator of the organization.
 */
export async function revokeOrganizationInvitation(
  scope: Scope,
  organizationId: string,
  invitationId: string,
  body: RequestBody<'RevokeOrganizationInvitation'> | undefined,
): Promise<OrganizationInvitation> {
  await assertOrganizationsEnabled(scope.db, scope.instanceId);
  return runWrite(scope, async (tx) => {
    const organization = await lockExistingOrganization(tx, organizationId);
    const requester = body?.requesting_user_id ?? null;
    if (requester !== null) {
      await assertOrganizationAdmin(tx, organization, requester, 'requesting_user_id');
    }
    const row = await lockInvitation(tx.db, tx.dialect, tx.instanceId, invitationId);
    if (!row || row.organization_id !== organization.id) {
      throw apiErrors.notFound('organization_invitation', invitationId);
    }
    const state = invitationStateAt(row, tx.now);
    if (state !== 'pending') throw apiErrors.organizationInvitationNotPending(invitationId, state);
    await updateInvitationStatus(tx.db, tx.instanceId, row.id, 'revoked', tx.now);
    const [invitation] = await invitationsToApi(
      { db: tx.db, instanceId: tx.instanceId, baseUrl: scope.baseUrl, now: tx.now },
      [{ ...row, status: 'revoked', updated_at: tx.now }],
    );
    await tx.emit('organizationInvitation.revoked', invitation!);
    return invitation!;
  });
}

import { ClerkApiError } from '../errors/clerk-api-error.js';
import { readOrganizationSettings } from '../instances/instance-settings-service.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { WriteTx } from '../platform/write.js';
import { findVerifiedUsersAtDomain } from './organization-domain-store.js';
import { type InvitationContext, inviteToOrganization } from './organization-invitation-writes.js';
import type { OrganizationRow } from './organization-store.js';

/** Who a domain's automatic invitations reached, and the emails to send once committed. */
export interface AutomaticInvitations {
  invited: { userId: string; emailAddress: string; invitationId: string }[];
  skipped: { userId: string; code: string }[];
  messages: OutgoingMessage[];
}

/**
 * Automatic invitations: once a domain of `organization` is verified in
 * `automatic_invitation` mode, Clerk invites the instance's users who have a verified email
 * at that domain and are not members yet. Runs inside the write that made it so (the
 * organization's row is locked), one invitation per user with the instance's
 * `domains_default_role`, marked with the domain. A user the invitation rules refuse (a
 * pending invitation already, the membership limit reached, a default role outside the
 * organization's role set) is skipped, not an error of the domain's write.
 */
export async function inviteUsersAtDomain(
  tx: WriteTx,
  context: InvitationContext,
  organization: OrganizationRow,
  domain: { id: string | null; name: string },
): Promise<AutomaticInvitations> {
  const users = await findVerifiedUsersAtDomain(
    tx.db,
    tx.dialect,
    tx.instanceId,
    organization.id,
    domain.name,
  );
  const out: AutomaticInvitations = { invited: [], skipped: [], messages: [] };
  if (users.length === 0) return out;
  const { domains_default_role: role } = await readOrganizationSettings(tx.db, tx.instanceId);
  for (const user of users) {
    try {
      const { invitation, message } = await inviteToOrganization(tx, context, organization, {
        emailAddress: user.emailAddress,
        role,
        organizationDomainId: domain.id,
      });
      out.invited.push({ ...user, invitationId: invitation.id });
      if (message) out.messages.push(message);
    } catch (error) {
      if (!(error instanceof ClerkApiError)) throw error;
      out.skipped.push({ userId: user.userId, code: error.errors[0]?.code ?? 'unknown' });
    }
  }
  return out;
}

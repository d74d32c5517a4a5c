import type { WriteTx } from '../platform/write.js';
import { findVerifiedUsersAtDomain } from './organization-domain-store.js';
import type { OrganizationRow } from './organization-store.js';

/**
 * Automatic invitations: once a domain of `organization` is verified in
 * `automatic_invitation` mode, Clerk invites the instance's users who have a verified email
 * at that domain and are not members yet. Called inside the write that made it so.
 *
 * It finds those users (by the `email_addresses_domain` index) and returns their IDs. It
 * creates no invitation yet: invitations are another part's (`inviteToOrganization`), and
 * the integration wires one per user found here, with the instance's
 * `domains_default_role`, in this same transaction.
 */
export async function inviteUsersAtDomain(
  tx: WriteTx,
  organization: OrganizationRow,
  domainName: string,
): Promise<string[]> {
  return findVerifiedUsersAtDomain(tx.db, tx.dialect, tx.instanceId, organization.id, domainName);
}

import { pendingInvitationAt } from './organization-store.js';
import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { INVITATION_SEARCH_OWNER, invitationSearchIndex } from './organization-invitation-store.js';

export type InvitationStatusFilter = 'pending' | 'accepted' | 'revoked' | 'expired';

/** What the invitation lists filter on; every filter given must match. */
export interface InvitationFilters {
  /** One organization's invitations (else the instance's). */
  organizationId?: string;
  /** Leave out the invitations a verified domain sent by itself (the organization lists). */
  requestedOnly?: boolean;
  /** The status as read at `now`: pending and expired split stored pending ones by `expires_at`. */
  status?: InvitationStatusFilter | undefined;
  /** Addressed to one of these (lowercased) email addresses. */
  emailsIn?: readonly string[];
  /** A case-insensitive substring of the email address (the trigram index). */
  query?: string | undefined;
}

/** The query of the IDs of the invitations matching `filters` at `now`. */
export function filteredInvitationIds(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: InvitationFilters,
  now: number,
) {
  let q = db
    .selectFrom('organization_invitations')
    .select('organization_invitations.id')
    .where('organization_invitations.instance_id', '=', instanceId);
  if (filters.organizationId !== undefined) {
    q = q.where('organization_id', '=', filters.organizationId);
  }
  if (filters.requestedOnly) q = q.where('organization_domain_id', 'is', null);
  switch (filters.status) {
    case undefined:
      break;
    case 'pending':
      q = q.where(pendingInvitationAt(now));
      break;
    case 'expired':
      q = q.where('status', '=', 'pending').where('expires_at', '<=', now);
      break;
    default:
      q = q.where('status', '=', filters.status);
  }
  if (filters.emailsIn !== undefined) {
    // No address: nothing matches (an empty IN list is not valid SQL everywhere).
    q =
      filters.emailsIn.length === 0
        ? q.where(sql<boolean>`1 = 0`)
        : q.where('email_lower', 'in', filters.emailsIn);
  }
  if (filters.query !== undefined && filters.query !== '') {
    q = q.where(
      invitationSearchIndex(dialect).ownerMatch(
        INVITATION_SEARCH_OWNER,
        instanceId,
        'email',
        filters.query,
      ),
    );
  }
  return q;
}

export async function countFilteredInvitations(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  filters: InvitationFilters,
  now: number,
): Promise<number> {
  const row = await db
    .selectFrom(filteredInvitationIds(db, dialect, instanceId, filters, now).as('matching'))
    .select(sql<number | string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

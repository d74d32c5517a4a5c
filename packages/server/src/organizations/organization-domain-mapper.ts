import type { ResponseBody } from '@castellan/contract';
import { toBool } from '../db/values.js';
import type { OrganizationDomainRow } from './organization-domain-store.js';

export type OrganizationDomain = ResponseBody<'CreateOrganizationDomain', '200'>;
type Verification = NonNullable<OrganizationDomain['ownership_verification']>;
export type PublicOrganizationData = NonNullable<OrganizationDomain['public_organization_data']>;

/** What a domain's API object needs besides its row. */
export interface DomainView {
  now: number;
  pendingInvitations: number;
  organization: PublicOrganizationData | null;
}

/**
 * The affiliation verification: null until one exists (an unverified domain nobody tried);
 * a pending attempt past its `expire_at` reads `expired`.
 */
function affiliationOf(row: OrganizationDomainRow, now: number): Verification | null {
  if (row.affiliation_status === null) return null;
  const expireAt = row.affiliation_expire_at === null ? null : Number(row.affiliation_expire_at);
  const expired = row.affiliation_status === 'unverified' && expireAt !== null && expireAt <= now;
  return {
    status: expired ? 'expired' : row.affiliation_status,
    strategy: row.affiliation_strategy ?? 'email_code',
    attempts: row.affiliation_attempts,
    expire_at: expireAt,
    verified_at: null,
  };
}

function ownershipOf(row: OrganizationDomainRow, now: number): Verification | null {
  if (row.ownership_status === null) return null;
  const expireAt = row.ownership_expire_at === null ? null : Number(row.ownership_expire_at);
  const expired = row.ownership_status === 'unverified' && expireAt !== null && expireAt <= now;
  return {
    status: expired ? 'expired' : row.ownership_status,
    strategy: row.ownership_strategy ?? 'txt',
    attempts: row.ownership_attempts,
    expire_at: expireAt,
    verified_at: row.ownership_verified_at === null ? null : Number(row.ownership_verified_at),
  };
}

export function organizationDomainRowToApi(
  row: OrganizationDomainRow,
  view: DomainView,
): OrganizationDomain {
  const affiliation = affiliationOf(row, view.now);
  return {
    object: 'organization_domain',
    id: row.id,
    organization_id: row.organization_id,
    name: row.name,
    enrollment_mode: row.enrollment_mode as OrganizationDomain['enrollment_mode'],
    affiliation_email_address: row.affiliation_email_address,
    affiliation_verification: affiliation,
    ownership_verification: ownershipOf(row, view.now),
    verification: affiliation,
    total_pending_invitations: view.pendingInvitations,
    // Castellan keeps no organization suggestions (they belong to the Frontend API).
    total_pending_suggestions: 0,
    public_organization_data: view.organization,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/** Whether the row counts as verified (its affiliation). */
export function isVerified(row: Pick<OrganizationDomainRow, 'verified'>): boolean {
  return toBool(row.verified);
}

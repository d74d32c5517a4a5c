import type { RequestBody } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { deliverMessages } from '../messages/message-service.js';
import type { OutgoingMessage } from '../platform/message-transport.js';
import type { Scope } from '../platform/scope.js';
import { registerUniqueIndexes } from '../platform/unique-violations.js';
import { runWrite, type WriteTx } from '../platform/write.js';
import { lockExistingOrganization } from './membership-service.js';
import { inviteUsersAtDomain } from './organization-domain-invitations.js';
import { isVerified, type OrganizationDomain } from './organization-domain-mapper.js';
import {
  assertDomainsEnabled,
  parseDomainName,
  parseEnrollmentMode,
} from './organization-domain-rules.js';
import {
  countDomainsOfOrganization,
  deleteOrganizationDomain as deleteDomainRow,
  findDomainOfOrganization,
  findVerifiedDomainElsewhere,
  insertOrganizationDomain,
  lockOrganizationDomain,
  type OrganizationDomainRow,
  updateOrganizationDomain as updateDomainRow,
} from './organization-domain-store.js';
import { organizationDomainsToApi } from './organization-domain-view.js';
import { findOrganization, type OrganizationRow } from './organization-store.js';

// The service looks first; these answer a concurrent request that got there in between.
registerUniqueIndexes([
  {
    name: 'organization_domains_org_name',
    table: 'organization_domains',
    columns: ['organization_id', 'name'],
    error: () => apiErrors.organizationDomainDuplicate(),
  },
  {
    name: 'organization_domains_verified_name',
    table: 'organization_domains',
    columns: ['instance_id', 'name'],
    error: () => apiErrors.organizationDomainTaken('name'),
  },
]);

/** The affiliation columns of a domain the Backend API marks verified (or not). */
function affiliationColumns(verified: boolean) {
  return verified
    ? {
        verified: true,
        affiliation_status: 'verified',
        affiliation_strategy: 'email_code',
        affiliation_attempts: null,
        affiliation_expire_at: null,
      }
    : {
        verified: false,
        affiliation_status: null,
        affiliation_strategy: null,
        affiliation_attempts: null,
        affiliation_expire_at: null,
        affiliation_email_address: null,
      };
}

async function domainToApi(
  tx: WriteTx,
  baseUrl: string,
  row: OrganizationDomainRow,
): Promise<OrganizationDomain> {
  const [domain] = await organizationDomainsToApi(
    tx.db,
    tx.dialect,
    tx.instanceId,
    baseUrl,
    [row],
    tx.now,
  );
  return domain!;
}

/** The organization (by ID or slug) and its domain, locked; either unknown is a 404. */
async function lockDomainOf(
  tx: WriteTx,
  organizationId: string,
  domainId: string,
): Promise<{ organization: OrganizationRow; row: OrganizationDomainRow }> {
  const organization = await findOrganization(tx.db, tx.instanceId, organizationId);
  if (!organization) throw apiErrors.notFound('organization', organizationId);
  const row = await lockOrganizationDomain(
    tx.db,
    tx.dialect,
    tx.instanceId,
    organization.id,
    domainId,
  );
  if (!row) throw apiErrors.notFound('organization domain', domainId);
  return { organization, row };
}

/** `POST /v1/organizations/{id}/domains`: verified unless `verified: false`. */
export async function createOrganizationDomain(
  scope: Scope,
  organizationId: string,
  input: RequestBody<'CreateOrganizationDomain'>,
): Promise<OrganizationDomain> {
  const settings = await assertDomainsEnabled(scope.db, scope.instanceId);
  if (input.name === undefined) throw apiErrors.paramMissing('name');
  const name = parseDomainName(input.name);
  if (input.enrollment_mode === undefined) throw apiErrors.paramMissing('enrollment_mode');
  const mode = parseEnrollmentMode(input.enrollment_mode, settings);
  const verified = input.verified ?? true;
  const context = { instance: scope.instance, baseUrl: scope.baseUrl };
  const outgoing: OutgoingMessage[] = [];
  const created = await runWrite(scope, async (tx) => {
    // The organization's lock makes the quota check and the insert one step.
    const organization = await lockExistingOrganization(tx, organizationId);
    if (await findDomainOfOrganization(tx.db, tx.instanceId, organization.id, name)) {
      throw apiErrors.organizationDomainDuplicate();
    }
    const max = settings.max_allowed_domains;
    if (
      max > 0 &&
      (await countDomainsOfOrganization(tx.db, tx.instanceId, organization.id)) >= max
    ) {
      throw apiErrors.organizationDomainQuotaExceeded(max);
    }
    if (await findVerifiedDomainElsewhere(tx.db, tx.instanceId, name, organization.id)) {
      throw apiErrors.organizationDomainTaken('name');
    }
    const row: OrganizationDomainRow = {
      id: generateId('orgdmn', tx.now),
      instance_id: tx.instanceId,
      organization_id: organization.id,
      name,
      enrollment_mode: mode,
      affiliation_email_address: null,
      ...affiliationColumns(verified),
      ownership_status: null,
      ownership_strategy: null,
      ownership_attempts: null,
      ownership_expire_at: null,
      ownership_verified_at: null,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await insertOrganizationDomain(tx.db, row);
    if (verified && mode === 'automatic_invitation') {
      const invited = await inviteUsersAtDomain(tx, context, organization, row);
      outgoing.push(...invited.messages);
    }
    const domain = await domainToApi(tx, scope.baseUrl, row);
    await tx.emit('organizationDomain.created', domain);
    return domain;
  });
  await deliverMessages(scope, outgoing);
  return created;
}

/** `PATCH /v1/organizations/{id}/domains/{domain_id}`: `enrollment_mode`, `verified`. */
export async function updateOrganizationDomain(
  scope: Scope,
  organizationId: string,
  domainId: string,
  input: RequestBody<'UpdateOrganizationDomain'>,
): Promise<OrganizationDomain> {
  const settings = await assertDomainsEnabled(scope.db, scope.instanceId);
  const mode =
    typeof input.enrollment_mode === 'string'
      ? parseEnrollmentMode(input.enrollment_mode, settings)
      : undefined;
  const context = { instance: scope.instance, baseUrl: scope.baseUrl };
  const outgoing: OutgoingMessage[] = [];
  const updatedDomain = await runWrite(scope, async (tx) => {
    const { organization, row } = await lockDomainOf(tx, organizationId, domainId);
    const wasVerified = isVerified(row);
    const verified = typeof input.verified === 'boolean' ? input.verified : wasVerified;
    if (verified && !wasVerified) {
      if (await findVerifiedDomainElsewhere(tx.db, tx.instanceId, row.name, organization.id)) {
        throw apiErrors.organizationDomainTaken('verified');
      }
    }
    const patch = {
      ...(mode !== undefined ? { enrollment_mode: mode } : {}),
      ...(verified !== wasVerified ? affiliationColumns(verified) : {}),
      updated_at: tx.now,
    };
    await updateDomainRow(tx.db, tx.instanceId, row.id, patch);
    const updated = { ...row, ...patch };
    // Newly verified in automatic_invitation mode, or newly in that mode while verified.
    const invites = verified && updated.enrollment_mode === 'automatic_invitation';
    if (invites && (!wasVerified || row.enrollment_mode !== 'automatic_invitation')) {
      const invited = await inviteUsersAtDomain(tx, context, organization, row);
      outgoing.push(...invited.messages);
    }
    const domain = await domainToApi(tx, scope.baseUrl, updated);
    await tx.emit('organizationDomain.updated', domain);
    return domain;
  });
  await deliverMessages(scope, outgoing);
  return updatedDomain;
}

/** `DELETE /v1/organizations/{id}/domains/{domain_id}`. */
export async function deleteOrganizationDomain(
  scope: Scope,
  organizationId: string,
  domainId: string,
): Promise<{ object: 'organization_domain'; id: string; deleted: true }> {
  await assertDomainsEnabled(scope.db, scope.instanceId);
  return runWrite(scope, async (tx) => {
    const { row } = await lockDomainOf(tx, organizationId, domainId);
    await deleteDomainRow(tx.db, tx.instanceId, row.id);
    const deleted = { object: 'organization_domain' as const, id: row.id, deleted: true as const };
    await tx.emit('organizationDomain.deleted', deleted);
    return deleted;
  });
}

/**
 * `POST …/domains/{domain_id}/verify_ownership`: the manual override of the DNS ownership
 * challenge (strategy `manual_override`). Idempotent: an owned domain is answered as it is,
 * with no event.
 */
export async function verifyOrganizationDomainOwnership(
  scope: Scope,
  organizationId: string,
  domainId: string,
): Promise<OrganizationDomain> {
  await assertDomainsEnabled(scope.db, scope.instanceId);
  return runWrite(scope, async (tx) => {
    const { row } = await lockDomainOf(tx, organizationId, domainId);
    if (row.ownership_status === 'verified') return domainToApi(tx, scope.baseUrl, row);
    const patch = {
      ownership_status: 'verified',
      ownership_strategy: 'manual_override',
      ownership_attempts: null,
      ownership_expire_at: null,
      ownership_verified_at: tx.now,
      updated_at: tx.now,
    };
    await updateDomainRow(tx.db, tx.instanceId, row.id, patch);
    const domain = await domainToApi(tx, scope.baseUrl, { ...row, ...patch });
    await tx.emit('organizationDomain.updated', domain);
    return domain;
  });
}

import type { RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { pageOf, parseOrderBy, type Ordering, type Page } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import { readPage } from '../lists/page-query.js';
import type { Scope } from '../platform/scope.js';
import { readPublicUserData } from '../users/user-service.js';
import {
  countFilteredInvitations,
  filteredInvitationIds,
  type InvitationFilters,
} from './organization-invitation-list-store.js';
import type {
  OrganizationInvitation,
  OrganizationInvitationWithOrganization,
} from './organization-invitation-mapper.js';
import {
  emailsOfUser,
  findInvitationsByIds,
  type InvitationRow,
} from './organization-invitation-store.js';
import {
  invitationsToApi,
  invitationsWithOrganizationToApi,
  type InvitationReader,
} from './organization-invitation-view.js';
import { findOrganization } from './organization-store.js';

/** `order_by` fields, each with its indexed column (the email ordered case-insensitively). */
const ORDER_COLUMNS = {
  created_at: 'organization_invitations.created_at',
  email_address: 'organization_invitations.email_lower',
} as const;

const NEWEST_FIRST: Ordering = {
  field: 'created_at',
  column: ORDER_COLUMNS.created_at,
  direction: 'desc',
};

/** One page of the invitations matching `filters` and how many match in all. */
async function readInvitations(
  scope: Scope,
  filters: InvitationFilters,
  ordering: Ordering,
  page: Page,
): Promise<{ rows: InvitationRow[]; total: number; reader: InvitationReader }> {
  const now = scope.clock.now();
  const { db, dialect, instanceId } = scope;
  const [rows, total] = await Promise.all([
    readPage(
      filteredInvitationIds(db, dialect, instanceId, filters, now),
      'organization_invitations.id',
      ordering,
      page,
      (ids) => findInvitationsByIds(db, instanceId, ids),
    ),
    countFilteredInvitations(db, dialect, instanceId, filters, now),
  ]);
  return { rows, total, reader: { db, instanceId, baseUrl: scope.baseUrl, now } };
}

async function organizationIdOf(scope: Scope, idOrSlug: string): Promise<string> {
  const organization = await findOrganization(scope.db, scope.instanceId, idOrSlug);
  if (!organization) throw apiErrors.notFound('organization', idOrSlug);
  return organization.id;
}

/**
 * `GET /v1/organizations/{id}/invitations`: newest first unless `order_by` says otherwise;
 * the invitations a verified domain sent by itself are left out, as Clerk's spec says.
 */
export async function listOrganizationInvitations(
  scope: Scope,
  organizationId: string,
  query: RequestQuery<'ListOrganizationInvitations'>,
): Promise<{ data: OrganizationInvitation[]; total_count: number }> {
  const ordering = parseOrderBy(query.order_by, ORDER_COLUMNS, '-created_at');
  const filters: InvitationFilters = {
    organizationId: await organizationIdOf(scope, organizationId),
    requestedOnly: true,
    status: query.status,
    ...(typeof query.email_address === 'string'
      ? { emailsIn: [query.email_address.trim().toLowerCase()] }
      : {}),
  };
  const { rows, total, reader } = await readInvitations(scope, filters, ordering, pageOf(query));
  return paginated(await invitationsToApi(reader, rows), total);
}

/** `GET /v1/organizations/{id}/invitations/pending` (deprecated): pending ones, newest first. */
export async function listPendingOrganizationInvitations(
  scope: Scope,
  organizationId: string,
  query: RequestQuery<'ListPendingOrganizationInvitations'>,
): Promise<{ data: OrganizationInvitation[]; total_count: number }> {
  const filters: InvitationFilters = {
    organizationId: await organizationIdOf(scope, organizationId),
    requestedOnly: true,
    status: 'pending',
  };
  const { rows, total, reader } = await readInvitations(
    scope,
    filters,
    NEWEST_FIRST,
    pageOf(query),
  );
  return paginated(await invitationsToApi(reader, rows), total);
}

/** `GET /v1/organization_invitations`: every organization's, with `query` on the email. */
export async function listInstanceOrganizationInvitations(
  scope: Scope,
  query: RequestQuery<'ListInstanceOrganizationInvitations'>,
): Promise<{ data: OrganizationInvitationWithOrganization[]; total_count: number }> {
  const ordering = parseOrderBy(query.order_by, ORDER_COLUMNS, '-created_at');
  const filters: InvitationFilters = { status: query.status, query: query.query };
  const { rows, total, reader } = await readInvitations(scope, filters, ordering, pageOf(query));
  return paginated(await invitationsWithOrganizationToApi(reader, rows), total);
}

/**
 * `GET /v1/users/{id}/organization_invitations`: the invitations addressed to any of the
 * user's email addresses (verified or not), newest first.
 */
export async function listUserOrganizationInvitations(
  scope: Scope,
  userId: string,
  query: RequestQuery<'UsersGetOrganizationInvitations'>,
): Promise<{ data: OrganizationInvitationWithOrganization[]; total_count: number }> {
  const users = await readPublicUserData(scope.db, scope.instanceId, scope.baseUrl, [userId]);
  if (!users.has(userId)) throw apiErrors.notFound('user', userId);
  const filters: InvitationFilters = {
    status: query.status,
    emailsIn: await emailsOfUser(scope.db, scope.instanceId, userId),
  };
  const { rows, total, reader } = await readInvitations(
    scope,
    filters,
    NEWEST_FIRST,
    pageOf(query),
  );
  return paginated(await invitationsWithOrganizationToApi(reader, rows), total);
}

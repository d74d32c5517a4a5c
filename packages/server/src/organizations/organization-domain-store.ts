import { pendingInvitationAt } from './organization-store.js';
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import { emailDomainOf } from '../db/email-domain.js';
import type { Db, OrganizationDomainsTable } from '../db/schema.js';
import { escapeLike, unindexedRef } from '../db/values.js';
import type { ModeFilter } from './organization-domain-rules.js';

export type OrganizationDomainRow = Selectable<OrganizationDomainsTable>;

export async function insertOrganizationDomain(
  db: Kysely<Db>,
  row: Insertable<OrganizationDomainsTable>,
): Promise<void> {
  await db.insertInto('organization_domains').values(row).execute();
}

/** Reads and locks a domain of the organization (a domain of another one is not found). */
export async function lockOrganizationDomain(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  organizationId: string,
  domainId: string,
): Promise<OrganizationDomainRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('organization_domains')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('organization_id', '=', organizationId)
        .where('id', '=', domainId),
    )
    .executeTakeFirst();
}

export async function updateOrganizationDomain(
  db: Kysely<Db>,
  instanceId: string,
  domainId: string,
  patch: Updateable<OrganizationDomainsTable>,
): Promise<void> {
  await db
    .updateTable('organization_domains')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', domainId)
    .execute();
}

export async function deleteOrganizationDomain(
  db: Kysely<Db>,
  instanceId: string,
  domainId: string,
): Promise<void> {
  await db
    .deleteFrom('organization_domains')
    .where('instance_id', '=', instanceId)
    .where('id', '=', domainId)
    .execute();
}

/** The organization's domain of that name, verified or not. */
export async function findDomainOfOrganization(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  name: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('organization_domains')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Another organization's verified domain of that name (at most one: unique index). */
export async function findVerifiedDomainElsewhere(
  db: Kysely<Db>,
  instanceId: string,
  name: string,
  organizationId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('organization_domains')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('name', '=', name)
    .where('verified', '=', true)
    .where('organization_id', '<>', organizationId)
    .executeTakeFirst();
}

export async function countDomainsOfOrganization(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
): Promise<number> {
  const row = await db
    .selectFrom('organization_domains')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a domain list is filtered by; every field optional, all of them AND together. */
export interface DomainFilters {
  organizationId?: string;
  verified?: boolean;
  modes?: ModeFilter;
  /** Exact names (any of them; none: no domain matches). */
  names?: string[];
  /** Lowercase substring of the name. */
  nameContains?: string;
}

/** The IDs of the instance's domains matching `filters` (for `readPage`, and counted). */
export function selectDomainIds(db: Kysely<Db>, instanceId: string, filters: DomainFilters) {
  let q = db
    .selectFrom('organization_domains')
    .select('organization_domains.id')
    .where('organization_domains.instance_id', '=', instanceId);
  if (filters.organizationId !== undefined) {
    q = q.where('organization_domains.organization_id', '=', filters.organizationId);
  }
  if (filters.verified !== undefined) {
    q = q.where('organization_domains.verified', '=', filters.verified);
  }
  if (filters.modes?.include.length) {
    q = q.where('organization_domains.enrollment_mode', 'in', filters.modes.include);
  }
  if (filters.modes?.exclude.length) {
    q = q.where('organization_domains.enrollment_mode', 'not in', filters.modes.exclude);
  }
  if (filters.names !== undefined) {
    q =
      filters.names.length > 0
        ? q.where('organization_domains.name', 'in', filters.names)
        : q.where(sql<boolean>`1 = 0`);
  }
  if (filters.nameContains !== undefined) {
    const pattern = `%${escapeLike(filters.nameContains)}%`;
    q = q.where(sql<boolean>`organization_domains.name like ${pattern} escape '\\'`);
  }
  return q;
}

export async function countDomains(
  db: Kysely<Db>,
  instanceId: string,
  filters: DomainFilters,
): Promise<number> {
  const row = await db
    .selectFrom(selectDomainIds(db, instanceId, filters).as('matching'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findDomainsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<OrganizationDomainRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organization_domains')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

/**
 * Pending, unexpired invitations of each organization whose email is at one of its domains,
 * keyed `<organization_id> <domain>`: filtered by organization (its invitations index), then
 * by the email's domain.
 */
export async function countPendingInvitationsAtDomains(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  domains: readonly { organization_id: string; name: string }[],
  now: number,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (domains.length === 0) return counts;
  const domainOf = emailDomainOf(dialect, 'email_lower');
  const rows = await db
    .selectFrom('organization_invitations')
    .select(['organization_id', domainOf.as('domain')])
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('instance_id', '=', instanceId)
    .where('organization_id', 'in', [...new Set(domains.map((d) => d.organization_id))])
    .where(pendingInvitationAt(now))
    .where(domainOf, 'in', [...new Set(domains.map((d) => d.name))])
    .groupBy(['organization_id', domainOf])
    .execute();
  for (const row of rows) counts.set(`${row.organization_id} ${row.domain}`, Number(row.n));
  return counts;
}

/** The public data of the organizations named (`public_organization_data`). */
export async function findOrganizationsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'slug', 'image_id'])
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/**
 * The users with a verified email at `domain` who are not members of the organization, as a
 * query: answered from `email_addresses_domain` (instance, domain of the email, status).
 */
export function selectVerifiedUsersAtDomain(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  organizationId: string,
  domain: string,
) {
  return db
    .selectFrom('email_addresses')
    .select(['email_addresses.user_id', 'email_addresses.email_address'])
    .where('email_addresses.instance_id', '=', instanceId)
    .where(emailDomainOf(dialect, 'email_lower'), '=', domain)
    .where('email_addresses.verification_status', '=', 'verified')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('organization_memberships')
            .select('organization_memberships.id')
            .where('organization_memberships.organization_id', '=', organizationId)
            .whereRef('organization_memberships.user_id', '=', 'email_addresses.user_id'),
        ),
      ),
    )
    .orderBy('email_addresses.user_id')
    .orderBy('email_addresses.email_lower');
}

/** Each such user once, with the first (alphabetically) of their emails at the domain. */
export async function findVerifiedUsersAtDomain(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  organizationId: string,
  domain: string,
): Promise<{ userId: string; emailAddress: string }[]> {
  const rows = await selectVerifiedUsersAtDomain(
    db,
    dialect,
    instanceId,
    organizationId,
    domain,
  ).execute();
  const out = new Map<string, string>();
  for (const row of rows) if (!out.has(row.user_id)) out.set(row.user_id, row.email_address);
  return [...out].map(([userId, emailAddress]) => ({ userId, emailAddress }));
}

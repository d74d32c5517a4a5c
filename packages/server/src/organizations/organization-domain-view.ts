import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { defaultAvatarUrlOf, imageUrlOf } from '../images/image-urls.js';
import {
  type OrganizationDomain,
  organizationDomainRowToApi,
} from './organization-domain-mapper.js';
import {
  countPendingInvitationsAtDomains,
  findOrganizationsByIds,
  type OrganizationDomainRow,
} from './organization-domain-store.js';

/**
 * The API objects of stored domains, in their order: their organizations' public data and
 * their pending invitations read in one query each.
 */
export async function organizationDomainsToApi(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  baseUrl: string,
  rows: readonly OrganizationDomainRow[],
  now: number,
): Promise<OrganizationDomain[]> {
  const [organizations, pending] = await Promise.all([
    findOrganizationsByIds(
      db,
      instanceId,
      rows.map((r) => r.organization_id),
    ),
    countPendingInvitationsAtDomains(db, dialect, instanceId, rows, now),
  ]);
  const publicData = new Map(
    organizations.map((org) => [
      org.id,
      {
        id: org.id,
        name: org.name,
        slug: org.slug,
        image_url: org.image_id ? imageUrlOf(baseUrl, org.image_id) : defaultAvatarUrlOf(baseUrl),
        has_image: org.image_id !== null,
      },
    ]),
  );
  return rows.map((row) =>
    organizationDomainRowToApi(row, {
      now,
      pendingInvitations: pending.get(`${row.organization_id} ${row.name}`) ?? 0,
      organization: publicData.get(row.organization_id) ?? null,
    }),
  );
}

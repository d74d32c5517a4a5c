import { pendingInvitationAt } from './organization-store.js';
import { unindexedRef } from '../db/values.js';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, OrganizationInvitationsTable } from '../db/schema.js';
import type { SearchIndex } from '../db/search-index.js';

export type InvitationRow = Selectable<OrganizationInvitationsTable>;

/** The invitations' trigram search documents (`query` of the instance list: the email). */
const INVITATION_SEARCH = {
  table: 'organization_invitation_search',
  key: 'invitation_id',
  columns: ['email'],
} as const;

/** Where an invitation points at its search document. */
export const INVITATION_SEARCH_OWNER = {
  id: 'organization_invitations.id',
  rowid: 'organization_invitations.search_rowid',
} as const;

export function invitationSearchIndex(dialect: DialectAdapter): SearchIndex {
  return dialect.searchIndex(INVITATION_SEARCH);
}

/** Inserts an invitation and its search document (the lowercased email address). */
export async function insertInvitation(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  row: Insertable<OrganizationInvitationsTable>,
): Promise<void> {
  await db.insertInto('organization_invitations').values(row).execute();
  const rowid = await invitationSearchIndex(dialect).upsert(
    db,
    { instanceId: row.instance_id, key: row.id, fields: { email: row.email_lower } },
    null,
  );
  if (rowid !== null) {
    await db
      .updateTable('organization_invitations')
      .set({ search_rowid: rowid })
      .where('instance_id', '=', row.instance_id)
      .where('id', '=', row.id)
      .execute();
  }
}

/** An invitation of one organization by ID. */
export async function findInvitation(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('organization_invitations')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An invitation by ID or by its ticket's hash, in any organization of the instance. */
export async function findInvitationBy(
  db: Kysely<Db>,
  instanceId: string,
  by: { id: string } | { tokenHash: string },
): Promise<InvitationRow | undefined> {
  const query = db
    .selectFrom('organization_invitations')
    .selectAll()
    .where('instance_id', '=', instanceId);
  return (
    'id' in by ? query.where('id', '=', by.id) : query.where('token_hash', '=', by.tokenHash)
  ).executeTakeFirst();
}

/** Reads and locks one invitation a write changes. */
export async function lockInvitation(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('organization_invitations')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('id', '=', id),
    )
    .executeTakeFirst();
}

export async function updateInvitationStatus(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  status: 'accepted' | 'revoked',
  now: number,
): Promise<void> {
  await db
    .updateTable('organization_invitations')
    .set({ status, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Whether the organization has a pending, unexpired invitation for the address. */
export async function hasPendingInvitation(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
  emailLower: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('organization_invitations')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('organization_id', '=', organizationId)
    .where('email_lower', '=', emailLower)
    .where(pendingInvitationAt(now))
    .executeTakeFirst();
  return row !== undefined;
}

/** The user and email address record an address belongs to in the instance, if any. */
export async function findEmailOwner(
  db: Kysely<Db>,
  instanceId: string,
  emailLower: string,
): Promise<{ userId: string; emailAddressId: string } | undefined> {
  const row = await db
    .selectFrom('email_addresses')
    .select(['id', 'user_id'])
    .where('instance_id', '=', instanceId)
    .where('email_lower', '=', emailLower)
    .executeTakeFirst();
  return row && { userId: row.user_id, emailAddressId: row.id };
}

/** The lowercased email addresses of a user. */
export async function emailsOfUser(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('email_addresses')
    .select('email_lower')
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.email_lower);
}

export async function findInvitationsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: string[],
): Promise<InvitationRow[]> {
  return db
    .selectFrom('organization_invitations')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

/** The public data of organizations by ID (`public_organization_data`). */
export async function findOrganizationsByIds(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'slug', 'image_id'])
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', 'in', unique)
    .execute();
}

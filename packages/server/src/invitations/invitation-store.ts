import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, InvitationsTable } from '../db/schema.js';
import type { SearchIndex } from '../db/search-index.js';

export type InvitationRow = Selectable<InvitationsTable>;

/** The invitations' trigram search documents (`query` matches email and ID). */
export const INVITATION_SEARCH = {
  table: 'invitation_search',
  key: 'invitation_id',
  columns: ['email', 'other'],
} as const;

/** Where an invitation points at its search document. */
export const INVITATION_SEARCH_OWNER = {
  id: 'invitations.id',
  rowid: 'invitations.search_rowid',
} as const;

export function invitationSearchIndex(dialect: DialectAdapter): SearchIndex {
  return dialect.searchIndex(INVITATION_SEARCH);
}

/** Inserts an invitation and its search document (lowercased email and ID). */
export async function insertInvitation(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  row: Insertable<InvitationsTable>,
): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
  const rowid = await invitationSearchIndex(dialect).upsert(
    db,
    {
      instanceId: row.instance_id,
      key: row.id,
      fields: { email: row.email_lower, other: row.id.toLowerCase() },
    },
    null,
  );
  if (rowid !== null) {
    await db
      .updateTable('invitations')
      .set({ search_rowid: rowid })
      .where('instance_id', '=', row.instance_id)
      .where('id', '=', row.id)
      .execute();
  }
}

/** An invitation by its ID or by its ticket's hash, locked until the write ends. */
export async function lockInvitation(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  by: { id: string } | { tokenHash: string },
): Promise<InvitationRow | undefined> {
  const query = db.selectFrom('invitations').selectAll().where('instance_id', '=', instanceId);
  const keyed =
    'id' in by ? query.where('id', '=', by.id) : query.where('token_hash', '=', by.tokenHash);
  return dialect.lockForUpdate(keyed).executeTakeFirst();
}

export async function findInvitationByTokenHash(
  db: Kysely<Db>,
  instanceId: string,
  tokenHash: string,
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('token_hash', '=', tokenHash)
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
    .updateTable('invitations')
    .set({ status, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/**
 * Locks an address's row in `invitation_emails` (made on first use) until the write ends, so
 * creates for one address run one after the other and each sees the invitations of the one
 * before it.
 */
export async function lockInvitationEmail(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  emailLower: string,
): Promise<void> {
  await db
    .insertInto('invitation_emails')
    .values({ instance_id: instanceId, email_lower: emailLower })
    .onConflict((oc) => oc.columns(['instance_id', 'email_lower']).doNothing())
    .execute();
  await dialect
    .lockForUpdate(
      db
        .selectFrom('invitation_emails')
        .select('email_lower')
        .where('instance_id', '=', instanceId)
        .where('email_lower', '=', emailLower),
    )
    .execute();
}

function pendingInvitationQuery(
  db: Kysely<Db>,
  instanceId: string,
  emailLower: string,
  now: number,
) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('email_lower', '=', emailLower)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .limit(1);
}

/** The newest invitation of an address that is pending and unexpired at `now`, if any. */
export async function findPendingInvitation(
  db: Kysely<Db>,
  instanceId: string,
  emailLower: string,
  now: number,
): Promise<InvitationRow | undefined> {
  return pendingInvitationQuery(db, instanceId, emailLower, now).executeTakeFirst();
}

/** The same, locked until the write ends. */
export async function lockPendingInvitation(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  emailLower: string,
  now: number,
): Promise<InvitationRow | undefined> {
  return dialect
    .lockForUpdate(pendingInvitationQuery(db, instanceId, emailLower, now))
    .executeTakeFirst();
}

/** Gives an invitation a new ticket (its earlier link stops working). */
export async function updateInvitationTicket(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  tokenHash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ token_hash: tokenHash, updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Whether a user of the instance has the address (its unique `(instance_id, email_lower)` index). */
export async function emailBelongsToUser(
  db: Kysely<Db>,
  instanceId: string,
  emailLower: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('email_addresses')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('email_lower', '=', emailLower)
    .executeTakeFirst();
  return row !== undefined;
}

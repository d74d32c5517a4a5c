import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, WaitlistEntriesTable } from '../db/schema.js';
import type { SearchIndex } from '../db/search-index.js';

export type WaitlistEntryRow = Selectable<WaitlistEntriesTable>;

/** The entries' trigram search documents (`query` matches email and ID). */
const WAITLIST_SEARCH = {
  table: 'waitlist_entry_search',
  key: 'waitlist_entry_id',
  columns: ['email', 'other'],
} as const;

/** Where an entry points at its search document. */
export const WAITLIST_SEARCH_OWNER = {
  id: 'waitlist_entries.id',
  rowid: 'waitlist_entries.search_rowid',
} as const;

export function waitlistSearchIndex(dialect: DialectAdapter): SearchIndex {
  return dialect.searchIndex(WAITLIST_SEARCH);
}

/**
 * Inserts an entry and its search document unless the address is on the waitlist already;
 * returns whether it did. Two concurrent creates for one address: the second waits for the
 * first (the unique index) and inserts nothing.
 */
export async function insertWaitlistEntryIfNew(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  row: Insertable<WaitlistEntriesTable>,
): Promise<boolean> {
  const inserted = await db
    .insertInto('waitlist_entries')
    .values(row)
    .onConflict((oc) => oc.columns(['instance_id', 'email_lower']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  const rowid = await waitlistSearchIndex(dialect).upsert(
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
      .updateTable('waitlist_entries')
      .set({ search_rowid: rowid })
      .where('instance_id', '=', row.instance_id)
      .where('id', '=', row.id)
      .execute();
  }
  return true;
}

export async function findWaitlistEntryByEmail(
  db: Kysely<Db>,
  instanceId: string,
  emailLower: string,
): Promise<WaitlistEntryRow | undefined> {
  return db
    .selectFrom('waitlist_entries')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('email_lower', '=', emailLower)
    .executeTakeFirst();
}

/** The invited entry of an address, if any, locked until the write ends. */
export async function lockInvitedEntryByEmail(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  emailLower: string,
): Promise<WaitlistEntryRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('waitlist_entries')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('email_lower', '=', emailLower)
        .where('status', '=', 'invited'),
    )
    .executeTakeFirst();
}

/** An entry by ID, locked until the write ends. */
export async function lockWaitlistEntry(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<WaitlistEntryRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('waitlist_entries')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('id', '=', id),
    )
    .executeTakeFirst();
}

export async function updateWaitlistEntry(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Pick<WaitlistEntryRow, 'status' | 'updated_at'> &
    Partial<Pick<WaitlistEntryRow, 'invitation_id' | 'invited_at'>>,
): Promise<void> {
  await db
    .updateTable('waitlist_entries')
    .set(changes)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Deletes an entry and its search document. */
export async function deleteWaitlistEntry(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  row: WaitlistEntryRow,
): Promise<void> {
  await waitlistSearchIndex(dialect).remove(db, row.instance_id, row.id, row.search_rowid);
  await db
    .deleteFrom('waitlist_entries')
    .where('instance_id', '=', row.instance_id)
    .where('id', '=', row.id)
    .execute();
}

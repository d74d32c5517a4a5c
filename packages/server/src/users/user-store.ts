import { type Insertable, type Kysely, type Updateable, sql } from 'kysely';
import { compileOnce } from '../db/compiled-query.js';
import { adjustInstanceCount, readInstanceCount } from '../db/instance-counts.js';
import type { DialectAdapter } from '../db/dialect.js';
import type {
  Db,
  EmailAddressesTable,
  PhoneNumbersTable,
  UsersTable,
  Web3WalletsTable,
} from '../db/schema.js';
import { IDENTIFICATION_KINDS, usersHoldingIdentifiers } from './identification-tables.js';
import type { SearchDocument, UserRowWithIdentifications } from './user-rows.js';
import { userSearchIndex } from './user-search.js';
import { changesPublicData, refreshPublicUserData } from './user-public-data-store.js';

/** `users.*`, identification snapshots included: the shape `userRowToUser` maps. */
export function selectUsersWithIdentifications(db: Kysely<Db>) {
  return db.selectFrom('users').selectAll('users');
}

const userById = compileOnce(
  (db, userId: string, instanceId: string) =>
    selectUsersWithIdentifications(db)
      .where('users.id', '=', userId)
      .where('users.instance_id', '=', instanceId),
  2,
);

/** The hot path of `GET /v1/users/{id}` and every write's read-back: compiled once. */
export async function findUserById(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<UserRowWithIdentifications | undefined> {
  const rows = await userById(db, userId, instanceId);
  return rows[0] as UserRowWithIdentifications | undefined;
}

const userIdById = compileOnce(
  (db, userId: string, instanceId: string) =>
    db
      .selectFrom('users')
      .select('users.id')
      .where('users.id', '=', userId)
      .where('users.instance_id', '=', instanceId),
  2,
);

/**
 * Whether the instance has the user: for reads that only need to know (a user's
 * memberships), without decoding the whole row and its snapshots.
 */
export async function userExists(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<boolean> {
  return (await userIdById(db, userId, instanceId)).length > 0;
}

/**
 * Reads the user and locks its row for the rest of the transaction (PostgreSQL; SQLite
 * serializes write transactions): the one read a write needs before changing the user.
 */
export async function lockUser(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  userId: string,
): Promise<UserRowWithIdentifications | undefined> {
  return dialect
    .lockForUpdate(
      selectUsersWithIdentifications(db)
        .where('users.id', '=', userId)
        .where('users.instance_id', '=', instanceId),
    )
    .executeTakeFirst();
}

export async function insertUser(db: Kysely<Db>, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
  await refreshPublicUserData(db, row.instance_id, [row.id]);
}

/** Patches the user's row (and its public data, when the patch changes what it is made of). */
export async function updateUserRow(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  patch: Updateable<UsersTable>,
) {
  await db
    .updateTable('users')
    .set(patch)
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .execute();
  if (changesPublicData(patch)) await refreshPublicUserData(db, instanceId, [userId]);
}

/** Locks the user's row (its ID alone) until the write ends; false when there is none. */
export async function lockUserId(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  userId: string,
): Promise<boolean> {
  const row = await dialect
    .lockForUpdate(
      db
        .selectFrom('users')
        .select('id')
        .where('instance_id', '=', instanceId)
        .where('id', '=', userId),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Moves `last_active_at` to `at` unless it already is at or after `notBefore`. */
export async function touchUserLastActive(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
  at: number,
  notBefore: number,
) {
  await db
    .updateTable('users')
    .set({ last_active_at: at })
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .where(sql<boolean>`coalesce(last_active_at, 0) < ${notBefore}`)
    .execute();
}

export async function deleteUserRow(db: Kysely<Db>, instanceId: string, userId: string) {
  await db
    .deleteFrom('users')
    .where('id', '=', userId)
    .where('instance_id', '=', instanceId)
    .execute();
}

export async function insertEmailAddresses(
  db: Kysely<Db>,
  rows: Insertable<EmailAddressesTable>[],
) {
  if (rows.length) await db.insertInto('email_addresses').values(rows).execute();
}

export async function insertPhoneNumbers(db: Kysely<Db>, rows: Insertable<PhoneNumbersTable>[]) {
  if (rows.length) await db.insertInto('phone_numbers').values(rows).execute();
}

export async function insertWeb3Wallets(db: Kysely<Db>, rows: Insertable<Web3WalletsTable>[]) {
  if (rows.length) await db.insertInto('web3_wallets').values(rows).execute();
}

export interface TakenIdentifier {
  param: 'email_address' | 'phone_number' | 'web3_wallet' | 'username' | 'external_id';
  value: string;
}

/** Which of the given identifiers are taken in the instance (by anyone but `exceptUserId`). */
export async function findTakenIdentifiers(
  db: Kysely<Db>,
  instanceId: string,
  ids: {
    emails: string[];
    phones: string[];
    wallets: string[];
    username?: string | null;
    externalId?: string | null;
  },
  exceptUserId?: string,
): Promise<TakenIdentifier[]> {
  const taken: TakenIdentifier[] = [];
  const not = exceptUserId ?? '';
  for (const kind of ['emails', 'phones', 'wallets'] as const) {
    if (ids[kind].length === 0) continue;
    const rows = await usersHoldingIdentifiers(db, kind, instanceId, ids[kind], not).execute();
    for (const r of rows) taken.push({ param: IDENTIFICATION_KINDS[kind].param, value: r.key });
  }
  if (ids.username) {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where('username_lower', '=', ids.username)
      .where('id', '!=', not)
      .executeTakeFirst();
    if (row) taken.push({ param: 'username', value: ids.username });
  }
  if (ids.externalId) {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('instance_id', '=', instanceId)
      .where('external_id', '=', ids.externalId)
      .where('id', '!=', not)
      .executeTakeFirst();
    if (row) taken.push({ param: 'external_id', value: ids.externalId });
  }
  return taken;
}

/** Writes the user's search document and keeps the user's pointer to it. */
export async function upsertSearchDocument(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  row: UserRowWithIdentifications,
  doc: SearchDocument,
): Promise<void> {
  await bumpSearchVersion(db, row.instance_id);
  const rowid = await userSearchIndex(dialect).upsert(
    db,
    { instanceId: row.instance_id, key: row.id, fields: { ...doc } },
    row.search_rowid,
  );
  if (rowid !== row.search_rowid) {
    await updateUserRow(db, row.instance_id, row.id, { search_rowid: rowid });
  }
}

export async function deleteSearchDocument(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  row: UserRowWithIdentifications,
): Promise<void> {
  await bumpSearchVersion(db, row.instance_id);
  await userSearchIndex(dialect).remove(db, row.instance_id, row.id, row.search_rowid);
}

/**
 * Every write of a search document bumps the instance's search version in the same
 * transaction (first, so concurrent writers queue on the counter row before changing any
 * document): a search count read at a version stays exact while the version does.
 */
async function bumpSearchVersion(db: Kysely<Db>, instanceId: string): Promise<void> {
  await db
    .updateTable('user_counts')
    .set({ search_version: sql`search_version + 1` })
    .where('instance_id', '=', instanceId)
    .execute();
}

export function adjustUserCount(db: Kysely<Db>, instanceId: string, delta: number): Promise<void> {
  return adjustInstanceCount(db, 'user_counts', instanceId, delta);
}

export function readUserCount(db: Kysely<Db>, instanceId: string): Promise<number> {
  return readInstanceCount(db, 'user_counts', instanceId);
}

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type {
  Db,
  EmailAddressesTable,
  PhoneNumbersTable,
  VerificationsTable,
} from '../db/schema.js';

export type VerificationRow = Selectable<VerificationsTable>;

/** The two tables a code verifies; both have the columns the verification functions touch. */
export type IdentificationTable = 'email_addresses' | 'phone_numbers';

/** The columns both identification tables share, as one patch type. */
export type IdentificationPatch = Updateable<EmailAddressesTable> & Updateable<PhoneNumbersTable>;

export async function findEmailRow(db: Kysely<Db>, instanceId: string, id: string) {
  return db
    .selectFrom('email_addresses')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findPhoneRow(db: Kysely<Db>, instanceId: string, id: string) {
  return db
    .selectFrom('phone_numbers')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertEmailRow(db: Kysely<Db>, row: Insertable<EmailAddressesTable>) {
  await db.insertInto('email_addresses').values(row).execute();
}

export async function insertPhoneRow(db: Kysely<Db>, row: Insertable<PhoneNumbersTable>) {
  await db.insertInto('phone_numbers').values(row).execute();
}

/** Updates one email address or phone number of the instance. */
export async function updateIdentificationRow(
  db: Kysely<Db>,
  table: IdentificationTable,
  instanceId: string,
  id: string,
  patch: IdentificationPatch,
) {
  // Both tables have every column of the patch type; Kysely types one table at a time.
  await db
    .updateTable(table as 'email_addresses')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Deletes identifications of a user: one (`id`), or all but `exceptId`, with their codes. */
export async function deleteIdentificationRows(
  db: Kysely<Db>,
  table: IdentificationTable,
  instanceId: string,
  userId: string,
  which: { id: string } | { exceptId: string | null },
) {
  let q = db
    .deleteFrom(table as 'email_addresses')
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId);
  let codes = db
    .deleteFrom('verifications')
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId);
  if ('id' in which) {
    q = q.where('id', '=', which.id);
    codes = codes.where('identification_id', '=', which.id);
  } else if (which.exceptId !== null) {
    q = q.where('id', '!=', which.exceptId);
    codes = codes.where('identification_id', '!=', which.exceptId);
  }
  await codes.execute();
  await q.execute();
}

// Verifications

export async function insertVerification(db: Kysely<Db>, row: Insertable<VerificationsTable>) {
  await db.insertInto('verifications').values(row).execute();
}

export async function findVerification(db: Kysely<Db>, instanceId: string, id: string) {
  return db
    .selectFrom('verifications')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateVerification(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  patch: Updateable<VerificationsTable>,
) {
  await db
    .updateTable('verifications')
    .set(patch)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** A new code supersedes the identification's pending ones: they expire now. */
export async function expirePendingVerifications(
  db: Kysely<Db>,
  instanceId: string,
  identificationId: string,
  now: number,
) {
  await db
    .updateTable('verifications')
    .set({ status: 'expired', updated_at: now })
    .where('instance_id', '=', instanceId)
    .where('identification_id', '=', identificationId)
    .where('status', '=', 'unverified')
    .execute();
}

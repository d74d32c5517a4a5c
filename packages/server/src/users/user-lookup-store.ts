import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';

/** The user holding an identifier, and which identification matched (null for a username). */
export interface IdentifierHolder {
  userId: string;
  identificationId: string | null;
}

export async function findEmailHolder(
  db: Kysely<Db>,
  instanceId: string,
  emailLower: string,
): Promise<IdentifierHolder | undefined> {
  const row = await db
    .selectFrom('email_addresses')
    .select(['id', 'user_id'])
    .where('instance_id', '=', instanceId)
    .where('email_lower', '=', emailLower)
    .executeTakeFirst();
  return row && { userId: row.user_id, identificationId: row.id };
}

export async function findPhoneHolder(
  db: Kysely<Db>,
  instanceId: string,
  phone: string,
): Promise<IdentifierHolder | undefined> {
  const row = await db
    .selectFrom('phone_numbers')
    .select(['id', 'user_id'])
    .where('instance_id', '=', instanceId)
    .where('phone_number', '=', phone)
    .executeTakeFirst();
  return row && { userId: row.user_id, identificationId: row.id };
}

export async function findUsernameHolder(
  db: Kysely<Db>,
  instanceId: string,
  usernameLower: string,
): Promise<IdentifierHolder | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('username_lower', '=', usernameLower)
    .executeTakeFirst();
  return row && { userId: row.id, identificationId: null };
}

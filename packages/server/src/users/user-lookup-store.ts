import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';

/** An email address or phone number as the sign-in lookup reads it. */
export interface IdentificationHeld {
  id: string;
  user_id: string;
  verification_status: string;
  reserved: boolean | number;
}

export async function findEmailHolder(
  db: Kysely<Db>,
  instanceId: string,
  emailLower: string,
): Promise<IdentificationHeld | undefined> {
  return db
    .selectFrom('email_addresses')
    .select(['id', 'user_id', 'verification_status', 'reserved'])
    .where('instance_id', '=', instanceId)
    .where('email_lower', '=', emailLower)
    .executeTakeFirst();
}

export async function findPhoneHolder(
  db: Kysely<Db>,
  instanceId: string,
  phone: string,
): Promise<IdentificationHeld | undefined> {
  return db
    .selectFrom('phone_numbers')
    .select(['id', 'user_id', 'verification_status', 'reserved'])
    .where('instance_id', '=', instanceId)
    .where('phone_number', '=', phone)
    .executeTakeFirst();
}

export async function findUsernameHolder(
  db: Kysely<Db>,
  instanceId: string,
  usernameLower: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('users')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('username_lower', '=', usernameLower)
    .executeTakeFirst();
}

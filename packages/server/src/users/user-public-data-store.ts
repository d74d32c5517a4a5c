import { type Kysely, type RawBuilder, type Updateable, sql } from 'kysely';
import { dialectNameOf } from '../db/dialect.js';
import type { Db, UsersTable } from '../db/schema.js';

/**
 * `user_public_data` is a narrow copy of what an organization shows of a user (a page of
 * members reads ten of its rows instead of ten whole users). It is rewritten from `users`
 * by the store's own writes (`insertUser`, `updateUserRow`, `updateUserRows`), in their
 * transaction, whenever they touch a column it is made of; deleting a user cascades.
 */
const SOURCE_COLUMNS = new Set<string>([
  'first_name',
  'last_name',
  'username',
  'image_id',
  'banned',
  'emails',
  'phones',
  'primary_email_address_id',
  'primary_phone_number_id',
]);

/** Whether a patch of user rows changes what their public data is made of. */
export function changesPublicData(patch: Updateable<UsersTable>): boolean {
  return Object.keys(patch).some((column) => SOURCE_COLUMNS.has(column));
}

/** The display form of the snapshot entry the primary pointer names (`null`: none). */
function primaryDisplayForm(
  db: Kysely<Db>,
  snapshot: 'emails' | 'phones',
  pointer: 'primary_email_address_id' | 'primary_phone_number_id',
  field: 'email_address' | 'phone_number',
): RawBuilder<string | null> {
  const entries = sql.ref(`users.${snapshot}`);
  const id = sql.ref(`users.${pointer}`);
  return dialectNameOf(db) === 'postgres'
    ? sql`(select e ->> ${sql.lit(field)} from jsonb_array_elements(${entries}) e where e ->> 'id' = ${id})`
    : sql`(select json_extract(e.value, ${sql.lit(`$.${field}`)}) from json_each(${entries}) e where json_extract(e.value, '$.id') = ${id})`;
}

/** The columns `user_public_data` copies as they are from `users`. */
const COPIED = [
  'id',
  'instance_id',
  'first_name',
  'last_name',
  'username',
  'image_id',
  'banned',
] as const;

/** Rewrites the public data of the instance's given users from their rows. */
export async function refreshPublicUserData(
  db: Kysely<Db>,
  instanceId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  const email = primaryDisplayForm(db, 'emails', 'primary_email_address_id', 'email_address');
  const phone = primaryDisplayForm(db, 'phones', 'primary_phone_number_id', 'phone_number');
  await db
    .insertInto('user_public_data')
    .columns([...COPIED, 'identifier'])
    .expression(
      db
        .selectFrom('users')
        .select([
          ...COPIED,
          sql<string | null>`coalesce(${email}, ${phone}, users.username)`.as('identifier'),
        ])
        .where('instance_id', '=', instanceId)
        .where('id', 'in', userIds),
    )
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet((eb) => ({
        first_name: eb.ref('excluded.first_name'),
        last_name: eb.ref('excluded.last_name'),
        username: eb.ref('excluded.username'),
        image_id: eb.ref('excluded.image_id'),
        banned: eb.ref('excluded.banned'),
        identifier: eb.ref('excluded.identifier'),
      })),
    )
    .execute();
}

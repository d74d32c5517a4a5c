import { sql, type Kysely } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * `user_public_data`: what an organization shows of a member or inviter (names, image,
 * username, banned, the primary identifier's display form), a narrow copy of each user's
 * row kept in the transaction of every write to those columns. A page of ten members read
 * ten users' rows: about 1.2 KB each, in a table of a million rows four levels deep, plus
 * the `emails` snapshot to find the identifier (SQLite: 150 µs for ten random members; this
 * table: 60 µs). Existing users are copied here. Frozen: later changes get a migration of
 * their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  let table = db.schema
    .createTable('user_public_data')
    .addColumn('id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('username', 'text')
    .addColumn('image_id', 'text')
    .addColumn('banned', sql.raw(pg ? 'boolean' : 'integer'), (c) => c.notNull())
    .addColumn('identifier', 'text');
  if (!pg) table = table.modifyEnd(sql`without rowid`);
  await table.execute();

  const displayForm = (snapshot: string, id: string, field: string) =>
    pg
      ? sql.raw(
          `(select e ->> '${field}' from jsonb_array_elements(users.${snapshot}) e where e ->> 'id' = users.${id})`,
        )
      : sql.raw(
          `(select json_extract(e.value, '$.${field}') from json_each(users.${snapshot}) e where json_extract(e.value, '$.id') = users.${id})`,
        );
  await sql`
    insert into user_public_data
      (id, instance_id, first_name, last_name, username, image_id, banned, identifier)
    select id, instance_id, first_name, last_name, username, image_id, banned,
      coalesce(
        ${displayForm('emails', 'primary_email_address_id', 'email_address')},
        ${displayForm('phones', 'primary_phone_number_id', 'phone_number')},
        username
      )
    from users
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_public_data').execute();
}

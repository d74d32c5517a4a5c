import type { Kysely } from 'kysely';

/**
 * An instance may hold several secret keys at once, so a key is rotated by adding the new
 * one and revoking the old. The instance's one key moves here; its old columns keep a
 * placeholder unique per instance (SQLite cannot drop a UNIQUE column), so no code can
 * match a key against them any more. Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('secret_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('secret_keys_instance_created')
    .on('secret_keys')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();

  const instances = (await db
    .selectFrom('instances')
    .select(['id', 'secret_key_hash', 'secret_key_hint', 'created_at'])
    .execute()) as {
    id: string;
    secret_key_hash: string;
    secret_key_hint: string;
    created_at: number;
  }[];
  for (const row of instances) {
    await db
      .insertInto('secret_keys')
      .values({
        // `skey_` + the instance ID's own characters: unique, and says where it came from.
        id: `skey_${row.id.slice(row.id.indexOf('_') + 1)}`,
        instance_id: row.id,
        hash: row.secret_key_hash,
        hint: row.secret_key_hint,
        created_at: Number(row.created_at),
        revoked_at: null,
      })
      .execute();
    await db
      .updateTable('instances')
      .set({ secret_key_hash: `secret_keys:${row.id}`, secret_key_hint: '' })
      .where('id', '=', row.id)
      .execute();
  }
}

import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * User lockout and TOTP replay protection: per-user failed verification attempts, when the
 * current lock was placed (its expiry follows the instance's lockout duration, read when
 * the user is read), the last TOTP time step used; and the instance settings table whose
 * attack-protection settings give the maximum attempts and the lockout duration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const json = pg ? 'jsonb' : 'text';

  await db.schema
    .alterTable('users')
    .addColumn('failed_verification_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('locked_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('totp_last_used_step', 'bigint').execute();
  // Users locked before this migration were locked when last updated; their lock now expires.
  await sql`update users set locked_at = updated_at where locked = ${sql.raw(pg ? 'true' : '1')}`.execute(
    db,
  );

  await db.schema
    .createTable('instance_settings')
    .addColumn('instance_id', 'text', (c) =>
      c.primaryKey().references('instances.id').onDelete('cascade'),
    )
    .addColumn('settings', sql.raw(json), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * The Frontend API's sign-in attempts (`sign_ins`) and the codes its sign-ins and sign-ups
 * send (`flow_codes`). A sign-in belongs to a browser client and, once identified, to a user;
 * its factor verifications are kept as the API shows them (JSON, no secret). A code is kept
 * as its hash (identifications/verification-codes.ts), one per flow and purpose
 * (`email_address`, `phone_number` for a sign-up; `first_factor` for a sign-in): preparing
 * again replaces it. Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const json = sql.raw(pg ? 'jsonb' : 'text');
  const instanceRef = (c: any) => c.notNull().references('instances.id').onDelete('cascade');

  await db.schema
    .createTable('sign_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('identifier', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_factor_verification', json)
    .addColumn('second_factor_verification', json)
    .addColumn('first_factor_verified_at', 'bigint')
    .addColumn('created_session_id', 'text')
    .addColumn('abandon_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_ins_client_id')
    .on('sign_ins')
    .columns(['instance_id', 'client_id', 'id'])
    .execute();

  await db.schema
    .createTable('flow_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('identification_id', 'text')
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('flow_codes_flow_purpose')
    .on('flow_codes')
    .columns(['instance_id', 'flow_id', 'purpose'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('flow_codes').execute();
  await db.schema.dropTable('sign_ins').execute();
}

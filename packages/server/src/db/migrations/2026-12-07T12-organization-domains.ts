import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Organization domains (issue 9): a domain an organization claims, how users of that domain
 * enrol (`enrollment_mode`), its affiliation verification (`verified` and the `affiliation_*`
 * columns) and its DNS ownership verification (`ownership_*`, null until attempted).
 * Deleting an organization deletes its domains in the same statement (ON DELETE CASCADE).
 *
 * A name is unique per organization; a VERIFIED name is unique per instance (partial unique
 * index), so two organizations racing to verify the same domain cannot both win.
 *
 * `email_addresses_domain` indexes the part of an email after its `@`, so the users of a
 * domain are found by index (automatic invitations), not by a suffix scan. The expression
 * must stay the one `emailDomainOf` (db/email-domain.ts) writes, or the planners ignore it.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = sql.raw(pg ? 'boolean' : 'integer');
  const isTrue = sql.raw(pg ? 'true' : '1');
  const index = (name: string, columns: string[], unique = false) => {
    const create = db.schema.createIndex(name).on('organization_domains').columns(columns);
    return (unique ? create.unique() : create).execute();
  };

  await db.schema
    .createTable('organization_domains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enrollment_mode', 'text', (c) => c.notNull())
    .addColumn('verified', bool, (c) => c.notNull())
    .addColumn('affiliation_email_address', 'text')
    .addColumn('affiliation_status', 'text')
    .addColumn('affiliation_strategy', 'text')
    .addColumn('affiliation_attempts', 'integer')
    .addColumn('affiliation_expire_at', 'bigint')
    .addColumn('ownership_status', 'text')
    .addColumn('ownership_strategy', 'text')
    .addColumn('ownership_attempts', 'integer')
    .addColumn('ownership_expire_at', 'bigint')
    .addColumn('ownership_verified_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('organization_domains_org_name', ['organization_id', 'name'], true);
  await db.schema
    .createIndex('organization_domains_verified_name')
    .on('organization_domains')
    .columns(['instance_id', 'name'])
    .unique()
    .where(sql.ref('verified'), '=', isTrue)
    .execute();
  // Lists: per organization newest first; instance-wide by created_at or name, filtered by
  // organization, verification, enrollment mode or exact names.
  await index('organization_domains_org_created', ['organization_id', 'created_at', 'id']);
  await index('organization_domains_created_at', ['instance_id', 'created_at', 'id']);
  await index('organization_domains_name', ['instance_id', 'name', 'id']);
  await index('organization_domains_org', ['instance_id', 'organization_id', 'id']);
  await index('organization_domains_verified', ['instance_id', 'verified', 'id']);
  await index('organization_domains_mode', ['instance_id', 'enrollment_mode', 'id']);

  const domainOfEmail = pg
    ? sql.raw(`substr(email_lower, strpos(email_lower, '@') + 1)`)
    : sql.raw(`substr(email_lower, instr(email_lower, '@') + 1)`);
  await sql`create index email_addresses_domain on email_addresses (instance_id, (${domainOfEmail}), verification_status)`.execute(
    db,
  );
}

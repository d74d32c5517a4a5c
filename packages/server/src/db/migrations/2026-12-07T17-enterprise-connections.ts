import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Enterprise connections (SAML and OIDC; a SAML connection is the same row), their domains
 * and their test runs.
 *
 * - `enterprise_connections`: lists read `(instance_id, created_at, id)`; the SAML API finds
 *   a row by `saml_connection_id` (unique), the public SP metadata route by it alone.
 * - `enterprise_connection_domains`: a domain belongs to one active connection
 *   (`enterprise_connection_domains_active`, partial over active rows).
 * - `enterprise_connection_test_runs`: per connection, newest first.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = sql.raw(pg ? 'boolean' : 'integer');
  const json = sql.raw(pg ? 'jsonb' : 'text');

  await db.schema
    .createTable('enterprise_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('saml_connection_id', 'text')
    .addColumn('oauth_config_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('active', bool, (c) => c.notNull())
    .addColumn('domains', json, (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) =>
      c.references('organizations.id').onDelete('set null'),
    )
    .addColumn('sync_user_attributes', bool, (c) => c.notNull())
    .addColumn('disable_additional_identifications', bool, (c) => c.notNull())
    .addColumn('allow_organization_account_linking', bool, (c) => c.notNull())
    .addColumn('custom_attributes', json, (c) => c.notNull())
    .addColumn('idp_entity_id', 'text')
    .addColumn('idp_sso_url', 'text')
    .addColumn('idp_certificate', 'text')
    .addColumn('idp_certificate_issued_at', 'bigint')
    .addColumn('idp_certificate_expires_at', 'bigint')
    .addColumn('idp_metadata_url', 'text')
    .addColumn('idp_metadata', 'text')
    .addColumn('attribute_mapping', json, (c) => c.notNull())
    .addColumn('allow_subdomains', bool, (c) => c.notNull())
    .addColumn('allow_idp_initiated', bool, (c) => c.notNull())
    .addColumn('force_authn', bool, (c) => c.notNull())
    .addColumn('login_hint', json, (c) => c.notNull())
    .addColumn('oidc_client_id', 'text')
    .addColumn('oidc_client_secret', 'text')
    .addColumn('oidc_discovery_url', 'text')
    .addColumn('oidc_auth_url', 'text')
    .addColumn('oidc_token_url', 'text')
    .addColumn('oidc_user_info_url', 'text')
    .addColumn('oidc_requires_pkce', bool, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('enterprise_connections_created_at')
    .on('enterprise_connections')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('enterprise_connections_saml_id')
    .on('enterprise_connections')
    .column('saml_connection_id')
    .unique()
    .execute();
  await db.schema
    .createIndex('enterprise_connections_organization')
    .on('enterprise_connections')
    .columns(['instance_id', 'organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('enterprise_connection_domains')
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('enterprise_connections.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('active', bool, (c) => c.notNull())
    .addPrimaryKeyConstraint('enterprise_connection_domains_pk', ['connection_id', 'domain'])
    .execute();
  // `where active` reads as a boolean in both dialects (SQLite's 0/1, PostgreSQL's boolean).
  await sql`create unique index enterprise_connection_domains_active
    on enterprise_connection_domains (instance_id, domain) where active`.execute(db);
  await db.schema
    .createIndex('enterprise_connection_domains_domain')
    .on('enterprise_connection_domains')
    .columns(['instance_id', 'domain'])
    .execute();

  await db.schema
    .createTable('enterprise_connection_test_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('enterprise_connections.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('connection_type', 'text', (c) => c.notNull())
    .addColumn('logs', json, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('enterprise_connection_test_runs_connection')
    .on('enterprise_connection_test_runs')
    .columns(['connection_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enterprise_connection_test_runs').ifExists().execute();
  await db.schema.dropTable('enterprise_connection_domains').ifExists().execute();
  await db.schema.dropTable('enterprise_connections').ifExists().execute();
}

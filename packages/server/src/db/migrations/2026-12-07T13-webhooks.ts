import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Webhook delivery (docs/webhooks.md): an instance's Svix-style app, its endpoints (each
 * with its `whsec_` signing secret, sealed, and the previous one during rotation), one
 * delivery per (endpoint, outbox event) made when the dispatcher fans an event out, and
 * every attempt to deliver it with the endpoint's answer. Portal tokens are the one-time
 * links `GenerateSvixAuthURL` answers and the sessions they open (stored as hashes).
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = sql.raw(pg ? 'boolean' : 'integer');
  const json = sql.raw(pg ? 'jsonb' : 'text');
  const instanceRef = (c: any) => c.notNull().references('instances.id').onDelete('cascade');
  const index = (name: string, table: string, columns: string[], unique = false) => {
    const create = db.schema.createIndex(name).on(table).columns(columns);
    return (unique ? create.unique() : create).execute();
  };

  await db.schema
    .createTable('webhook_apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => instanceRef(c).unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('app_id', 'text', (c) =>
      c.notNull().references('webhook_apps.id').onDelete('cascade'),
    )
    .addColumn('uid', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rate_limit', 'integer')
    .addColumn('disabled', bool, (c) => c.notNull())
    /** `manual` (someone disabled it) or `failing` (every attempt failed for 5 days). */
    .addColumn('disabled_reason', 'text')
    /** JSON array of event types, or null for every type. */
    .addColumn('filter_types', json)
    .addColumn('channels', json)
    .addColumn('metadata', json, (c) => c.notNull())
    /** `whsec_…`, sealed (ADR 0003). */
    .addColumn('secret', 'text', (c) => c.notNull())
    /** The secret before the last rotation, sealed; signs too until `previous_secret_expires_at`. */
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'bigint')
    /** When the current run of failed attempts began (null after a success). */
    .addColumn('failing_since', 'bigint')
    /** A worker that owns the endpoint's queue until then (ordered delivery, one sender). */
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('webhook_endpoints_app', 'webhook_endpoints', ['app_id', 'created_at', 'id']);
  await index('webhook_endpoints_uid', 'webhook_endpoints', ['app_id', 'uid'], true);
  await index('webhook_endpoints_instance', 'webhook_endpoints', ['instance_id', 'id']);

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('endpoint_id', 'text', (c) =>
      c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    /** The outbox row (commit order: deliveries to one endpoint go out in this order). */
    .addColumn('outbox_id', 'bigint', (c) => c.notNull())
    /** `msg_…`: the `svix-id` of every attempt, derived from the event's ID. */
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    /** `pending`, `success` or `failed` (no attempt left). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull())
    /** When the next attempt is due (null once `success` or `failed`). */
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_attempt_at', 'bigint')
    /** A replay asked for (a manual attempt, outside the schedule and the order), or null. */
    .addColumn('replay_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('webhook_deliveries_event', 'webhook_deliveries', ['endpoint_id', 'outbox_id'], true);
  await index('webhook_deliveries_due', 'webhook_deliveries', ['next_attempt_at', 'endpoint_id']);
  await index('webhook_deliveries_replay', 'webhook_deliveries', ['replay_at', 'endpoint_id']);
  await index('webhook_deliveries_message', 'webhook_deliveries', ['instance_id', 'message_id']);

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('delivery_id', 'text', (c) =>
      c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    /** `success` or `failed`. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** The endpoint's HTTP status; 0 when there was no answer (refused, timed out). */
    .addColumn('response_status_code', 'integer', (c) => c.notNull())
    /** The answer's body (capped), or what went wrong when there was no answer. */
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('response_duration_ms', 'integer', (c) => c.notNull())
    /** `scheduled` (the worker) or `manual` (a replay). */
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await index('webhook_attempts_endpoint', 'webhook_attempts', ['endpoint_id', 'created_at', 'id']);
  await index('webhook_attempts_message', 'webhook_attempts', ['instance_id', 'message_id', 'id']);
  await index('webhook_attempts_delivery', 'webhook_attempts', ['delivery_id', 'id']);

  await db.schema
    .createTable('webhook_portal_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('app_id', 'text', (c) =>
      c.notNull().references('webhook_apps.id').onDelete('cascade'),
    )
    /** `link` (one use, from GenerateSvixAuthURL) or `session` (what a used link opens). */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** SHA-256 of the token, hex: the token itself is never stored. */
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // The dispatcher reads the outbox in commit order; the Svix API lists an instance's messages.
  await index('outbox_instance', 'outbox', ['instance_id', 'id']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_instance').execute();
  for (const t of [
    'webhook_portal_tokens',
    'webhook_attempts',
    'webhook_deliveries',
    'webhook_endpoints',
    'webhook_apps',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}

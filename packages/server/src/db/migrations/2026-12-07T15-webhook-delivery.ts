import { type Kysely, sql } from 'kysely';

/**
 * What the webhook sender reads (docs/webhooks.md), among pending deliveries only: the
 * unique (endpoint_id, outbox_id) index holds the delivered ones too, which every read would
 * walk past. One index gives an endpoint's pending deliveries in outbox order (what to send
 * next), the other whether one is due (which endpoints have work). Frozen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index webhook_deliveries_pending on webhook_deliveries (endpoint_id, outbox_id) where status = 'pending'`.execute(
    db,
  );
  await sql`create index webhook_deliveries_pending_due on webhook_deliveries (endpoint_id, next_attempt_at) where status = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_pending_due').execute();
  await db.schema.dropIndex('webhook_deliveries_pending').execute();
}

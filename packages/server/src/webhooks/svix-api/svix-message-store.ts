import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Db, OutboxTable } from '../../db/schema.js';
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from '../../db/webhook-schema.js';

export type OutboxRow = Selectable<OutboxTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

interface Cursor {
  limit: number;
  order: 'ascending' | 'descending';
}

/** An instance's outbox events, one page by outbox ID (commit order). */
export async function listOutboxMessages(
  db: Kysely<Db>,
  instanceId: string,
  page: Cursor & { afterOutboxId: number | undefined; eventTypes: string[] | undefined },
): Promise<OutboxRow[]> {
  const asc = page.order === 'ascending';
  let query = db.selectFrom('outbox').selectAll().where('instance_id', '=', instanceId);
  if (page.afterOutboxId !== undefined) {
    query = query.where('id', asc ? '>' : '<', page.afterOutboxId);
  }
  if (page.eventTypes) query = query.where('event_type', 'in', page.eventTypes);
  return query
    .orderBy('id', asc ? 'asc' : 'desc')
    .limit(page.limit + 1)
    .execute();
}

export async function findOutboxMessage(
  db: Kysely<Db>,
  instanceId: string,
  eventId: string,
): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
}

export async function findOutboxMessagesByIds(
  db: Kysely<Db>,
  outboxIds: readonly number[],
): Promise<OutboxRow[]> {
  if (outboxIds.length === 0) return [];
  return db.selectFrom('outbox').selectAll().where('id', 'in', outboxIds).execute();
}

/** Attempts of one endpoint, or of one message (to one endpoint, when given), by ID. */
export async function listAttempts(
  db: Kysely<Db>,
  instanceId: string,
  page: Cursor & {
    after: string | undefined;
    endpointId: string | undefined;
    messageId: string | undefined;
    status: string | undefined;
  },
): Promise<AttemptRow[]> {
  const asc = page.order === 'ascending';
  let query = db.selectFrom('webhook_attempts').selectAll().where('instance_id', '=', instanceId);
  if (page.endpointId) query = query.where('endpoint_id', '=', page.endpointId);
  if (page.messageId) query = query.where('message_id', '=', page.messageId);
  if (page.status) query = query.where('status', '=', page.status);
  if (page.after) query = query.where('id', asc ? '>' : '<', page.after);
  return query
    .orderBy('id', asc ? 'asc' : 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** The deliveries of one endpoint, one page by outbox ID. */
export async function listDeliveries(
  db: Kysely<Db>,
  endpointId: string,
  page: Cursor & { afterOutboxId: number | undefined },
): Promise<DeliveryRow[]> {
  const asc = page.order === 'ascending';
  let query = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (page.afterOutboxId !== undefined) {
    query = query.where('outbox_id', asc ? '>' : '<', page.afterOutboxId);
  }
  return query
    .orderBy('outbox_id', asc ? 'asc' : 'desc')
    .limit(page.limit + 1)
    .execute();
}

export async function findDelivery(
  db: Kysely<Db>,
  endpointId: string,
  outboxId: number,
): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('outbox_id', '=', outboxId)
    .executeTakeFirst();
}

/** Asks for a manual attempt of a delivery now (the worker sends it outside the order). */
export async function requestReplay(db: Kysely<Db>, deliveryId: string, now: number) {
  await db
    .updateTable('webhook_deliveries')
    .set({ replay_at: now, updated_at: now })
    .where('id', '=', deliveryId)
    .execute();
}

/**
 * A delivery made by a replay of a message the endpoint never had (it was made later, or
 * filtered it out): pending, no attempt, no schedule, only the replay. A concurrent fan-out
 * of the same event wins the unique (endpoint, outbox) index: then that row is replayed.
 */
export async function insertReplayDelivery(
  db: Kysely<Db>,
  row: Insertable<WebhookDeliveriesTable>,
): Promise<void> {
  await db
    .insertInto('webhook_deliveries')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['endpoint_id', 'outbox_id'])
        .doUpdateSet({ replay_at: row.replay_at, updated_at: row.updated_at }),
    )
    .execute();
}

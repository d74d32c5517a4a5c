import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { parseJson } from '../db/values.js';
import { generateId } from '../ids/generate-id.js';
import { messageIdOf } from './webhook-secrets.js';

/** An outbox event not fanned out yet. */
export interface UndeliveredEvent {
  id: number;
  event_id: string;
  instance_id: string;
  event_type: string;
}

/** The smallest id of an event not fanned out yet (committed ones only), if any. */
export async function firstUndeliveredId(db: Kysely<Db>): Promise<number | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('delivered_at', 'is', null)
    .executeTakeFirst();
  return row?.id === null || row?.id === undefined ? undefined : Number(row.id);
}

/**
 * Locks up to `limit` events not fanned out yet, in id (commit) order, skipping rows another
 * dispatcher holds (PostgreSQL `FOR UPDATE SKIP LOCKED`).
 */
export async function claimUndeliveredEvents(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  limit: number,
): Promise<UndeliveredEvent[]> {
  const rows = await dialect
    .lockSkipLocked(
      db
        .selectFrom('outbox')
        .select(['id', 'event_id', 'instance_id', 'event_type'])
        .where('delivered_at', 'is', null)
        .orderBy('id')
        .limit(limit),
    )
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export interface SubscribedEndpoint {
  id: string;
  instance_id: string;
  /** Event types delivered, or null for all. */
  filterTypes: readonly string[] | null;
}

/** The enabled endpoints of these instances, with the event types each one takes. */
export async function listSubscribedEndpoints(
  db: Kysely<Db>,
  instanceIds: readonly string[],
): Promise<SubscribedEndpoint[]> {
  if (instanceIds.length === 0) return [];
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'instance_id', 'filter_types'])
    .where('instance_id', 'in', instanceIds)
    .where('disabled', '=', false)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    instance_id: row.instance_id,
    filterTypes: row.filter_types === null ? null : parseJson<string[]>(row.filter_types),
  }));
}

/** Rows per insert: well under SQLite's bound-parameter limit at 13 columns a row. */
const INSERT_CHUNK = 500;

/**
 * One pending delivery per (event, subscribed endpoint of its instance), due at `now`. The
 * unique (endpoint, outbox id) index makes a second fan-out of the same event a no-op.
 */
export async function insertDeliveries(
  db: Kysely<Db>,
  events: readonly UndeliveredEvent[],
  endpoints: readonly SubscribedEndpoint[],
  now: number,
): Promise<number> {
  const rows = events.flatMap((event) =>
    endpoints
      .filter(
        (endpoint) =>
          endpoint.instance_id === event.instance_id &&
          (endpoint.filterTypes === null || endpoint.filterTypes.includes(event.event_type)),
      )
      .map((endpoint) => ({
        id: generateId('msgdst', now),
        instance_id: event.instance_id,
        endpoint_id: endpoint.id,
        outbox_id: event.id,
        message_id: messageIdOf(event.event_id),
        event_type: event.event_type,
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: now,
        last_attempt_at: null,
        replay_at: null,
        created_at: now,
        updated_at: now,
      })),
  );
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await db
      .insertInto('webhook_deliveries')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['endpoint_id', 'outbox_id']).doNothing())
      .execute();
  }
  return rows.length;
}

/** Marks events as fanned out. */
export async function markEventsDelivered(
  db: Kysely<Db>,
  ids: readonly number[],
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ delivered_at: now }).where('id', 'in', ids).execute();
}

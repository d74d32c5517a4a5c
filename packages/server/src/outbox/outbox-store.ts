import type { Kysely } from 'kysely';
import { generateId } from '../ids/generate-id.js';
import type { Db } from '../db/schema.js';

export interface DomainEvent {
  type: string;
  data: unknown;
}

/** Who caused the change, as webhooks report it in `event_attributes.http_request`. */
export interface RequestContext {
  clientIp: string;
  userAgent: string;
}

/**
 * Records a domain event in the outbox. Call it with the transaction that makes the
 * change, so the event exists exactly when the change committed. The stored payload is
 * the webhook envelope (`{data, object: 'event', type, timestamp, instance_id,
 * event_attributes}`); `timestamp` is Unix milliseconds like every other timestamp here.
 */
export async function insertOutboxEvent(
  db: Kysely<Db>,
  instanceId: string,
  event: DomainEvent,
  context: RequestContext | undefined,
  nowMs: number = Date.now(),
): Promise<string> {
  const eventId = generateId('evt', nowMs);
  const payload = {
    data: event.data,
    object: 'event',
    type: event.type,
    timestamp: nowMs,
    instance_id: instanceId,
    event_attributes: {
      http_request: context ? { client_ip: context.clientIp, user_agent: context.userAgent } : {},
    },
  };
  await db
    .insertInto('outbox')
    .values({
      event_id: eventId,
      instance_id: instanceId,
      event_type: event.type,
      payload: JSON.stringify(payload),
      created_at: nowMs,
    })
    .execute();
  return eventId;
}

export async function listOutboxEvents(db: Kysely<Db>, instanceId: string) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('id')
    .execute();
}

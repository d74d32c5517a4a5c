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
 * Records domain events in the outbox, in order. Call it with the transaction that makes the
 * change, so the events exist exactly when the change committed. Each stored payload is the
 * webhook envelope (`{data, object: 'event', type, timestamp, instance_id,
 * event_attributes}`); `timestamp` is Unix milliseconds like every other timestamp here.
 */
export async function insertOutboxEvents(
  db: Kysely<Db>,
  instanceId: string,
  events: readonly DomainEvent[],
  context: RequestContext | undefined,
  nowMs: number = Date.now(),
): Promise<void> {
  const httpRequest = context ? { client_ip: context.clientIp, user_agent: context.userAgent } : {};
  const rows = events.map((event) => {
    const eventId = generateId('evt', nowMs);
    const payload = {
      data: event.data,
      object: 'event',
      type: event.type,
      timestamp: nowMs,
      instance_id: instanceId,
      event_attributes: { http_request: httpRequest },
    };
    return {
      event_id: eventId,
      instance_id: instanceId,
      event_type: event.type,
      payload: JSON.stringify(payload),
      created_at: nowMs,
    };
  });
  await db.insertInto('outbox').values(rows).execute();
}

export async function listOutboxEvents(db: Kysely<Db>, instanceId: string) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('id')
    .execute();
}

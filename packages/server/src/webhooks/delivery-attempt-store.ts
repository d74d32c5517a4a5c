import { type Kysely, sql } from 'kysely';
import type { Db } from '../db/schema.js';
import { generateId } from '../ids/generate-id.js';

export interface AttemptRecord {
  instanceId: string;
  deliveryId: string;
  endpointId: string;
  messageId: string;
  url: string;
  succeeded: boolean;
  statusCode: number;
  response: string;
  durationMs: number;
  trigger: 'scheduled' | 'manual';
  at: number;
}

export async function insertAttempt(db: Kysely<Db>, attempt: AttemptRecord): Promise<void> {
  await db
    .insertInto('webhook_attempts')
    .values({
      id: generateId('atmpt', attempt.at),
      instance_id: attempt.instanceId,
      delivery_id: attempt.deliveryId,
      endpoint_id: attempt.endpointId,
      message_id: attempt.messageId,
      url: attempt.url,
      status: attempt.succeeded ? 'success' : 'failed',
      response_status_code: attempt.statusCode,
      response: attempt.response,
      response_duration_ms: attempt.durationMs,
      trigger_type: attempt.trigger,
      created_at: attempt.at,
    })
    .execute();
}

/** What an attempt changes on its delivery. */
export interface DeliveryUpdate {
  status: string;
  attempt_count: number;
  next_attempt_at: number | null;
  last_attempt_at: number;
  /**
   * Whether the replay this attempt answered is cleared: only one asked for by then, so a
   * replay asked for during the attempt still gets its own.
   */
  clearReplay: boolean;
}

export async function updateDeliveryAfterAttempt(
  db: Kysely<Db>,
  deliveryId: string,
  update: DeliveryUpdate,
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: update.status,
      attempt_count: update.attempt_count,
      next_attempt_at: update.next_attempt_at,
      last_attempt_at: update.last_attempt_at,
      updated_at: update.last_attempt_at,
      ...(update.clearReplay
        ? {
            replay_at: sql<
              number | null
            >`case when replay_at <= ${update.last_attempt_at} then null else replay_at end`,
          }
        : {}),
    })
    .where('id', '=', deliveryId)
    .execute();
}

/** What an attempt changes on its endpoint: the failing streak, and disabling after 5 days of it. */
export async function updateEndpointHealth(
  db: Kysely<Db>,
  endpointId: string,
  health: { failingSince: number | null; disable: boolean; at: number },
): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({
      failing_since: health.failingSince,
      ...(health.disable
        ? { disabled: true, disabled_reason: 'failing', updated_at: health.at }
        : {}),
    })
    .where('id', '=', endpointId)
    .execute();
}

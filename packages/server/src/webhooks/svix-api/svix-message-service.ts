import { parseJson } from '../../db/values.js';
import { generateId } from '../../ids/generate-id.js';
import { signalCommittedEvents } from '../../outbox/outbox-signal.js';
import { runWrite } from '../../platform/write.js';
import { eventIdOf, messageIdOf } from '../webhook-secrets.js';
import { svixErrors } from './svix-api-errors.js';
import type { AppScope } from './svix-endpoint-service.js';
import { findEndpoint } from './svix-endpoint-store.js';
import { isKnownEventType } from './svix-event-types.js';
import {
  findDelivery,
  findOutboxMessage,
  findOutboxMessagesByIds,
  insertReplayDelivery,
  listAttempts,
  listDeliveries,
  listOutboxMessages,
  requestReplay,
  type AttemptRow,
  type DeliveryRow,
  type OutboxRow,
} from './svix-message-store.js';
import { pageOf, toListResponse, type ListQuery, type ListResponse } from './svix-pagination.js';

/** Svix's `MessageOut`: an outbox event as the endpoint receives it. */
export interface MessageOut {
  id: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  channels: null;
  tags: null;
  timestamp: string;
}

/** Svix's numeric message statuses and their names. */
const STATUS = { success: 0, pending: 1, failed: 2 } as const;
const STATUS_TEXT = { success: 'success', pending: 'pending', failed: 'fail' } as const;
type DeliveryStatus = keyof typeof STATUS;

export interface AttemptOut {
  id: string;
  endpointId: string;
  msgId: string;
  url: string;
  response: string;
  responseStatusCode: number;
  responseDurationMs: number;
  status: number;
  statusText: string;
  timestamp: string;
  triggerType: number;
  msg?: MessageOut;
}

/** Svix's `EndpointMessageOut`: a message with where its delivery to one endpoint stands. */
export interface EndpointMessageOut extends MessageOut {
  status: number;
  statusText: string;
  nextAttempt: string | null;
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

export function outboxRowToMessage(row: OutboxRow): MessageOut {
  return {
    id: messageIdOf(row.event_id),
    eventId: row.event_id,
    eventType: row.event_type,
    payload: parseJson(row.payload),
    channels: null,
    tags: null,
    timestamp: iso(row.created_at),
  };
}

function attemptRowToOut(row: AttemptRow, msg?: MessageOut): AttemptOut {
  const status = row.status === 'success' ? 'success' : 'failed';
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    msgId: row.message_id,
    url: row.url,
    response: row.response,
    responseStatusCode: row.response_status_code,
    responseDurationMs: row.response_duration_ms,
    status: STATUS[status],
    statusText: STATUS_TEXT[status],
    timestamp: iso(row.created_at),
    triggerType: row.trigger_type === 'manual' ? 1 : 0,
    ...(msg ? { msg } : {}),
  };
}

/**
 * The outbox row of a message of the caller's instance, by its `msg_…` ID or, as Svix takes
 * a message's `eventId` in its place, the event's `evt_…` ID; or a 404.
 */
async function messageOf({ scope }: AppScope, msgId: string): Promise<OutboxRow> {
  const eventId = msgId.startsWith('msg_') ? eventIdOf(msgId) : msgId;
  const row = eventId.startsWith('evt_')
    ? await findOutboxMessage(scope.db, scope.instanceId, eventId)
    : undefined;
  if (!row) throw svixErrors.notFound('Message');
  return row;
}

async function endpointOf({ scope, appId }: AppScope, endpointId: string) {
  const row = await findEndpoint(scope.db, appId, endpointId);
  if (!row) throw svixErrors.notFound('Endpoint');
  return row;
}

function eventTypesOf(query: ListQuery): string[] | undefined {
  if (!query.event_types) return undefined;
  const types = query.event_types.split(',');
  const unknown = types.filter((t) => !isKnownEventType(t));
  if (unknown.length > 0) {
    throw svixErrors.field('query', 'event_types', `unknown event types: ${unknown.join(', ')}`);
  }
  return types;
}

export async function listAppMessages(
  app: AppScope,
  query: ListQuery,
): Promise<ListResponse<MessageOut>> {
  const page = pageOf(query);
  const after = page.after ? Number((await messageOf(app, page.after)).id) : undefined;
  const rows = await listOutboxMessages(app.scope.db, app.scope.instanceId, {
    ...page,
    afterOutboxId: after,
    eventTypes: eventTypesOf(query),
  });
  return toListResponse(rows, page, (row) => messageIdOf(row.event_id), outboxRowToMessage);
}

export async function getAppMessage(app: AppScope, msgId: string): Promise<MessageOut> {
  return outboxRowToMessage(await messageOf(app, msgId));
}

function statusFilter(query: ListQuery): string | undefined {
  if (query.status === undefined) return undefined;
  const status = (['0', '1', '2', '3'] as const).indexOf(query.status as '0');
  if (status === -1) throw svixErrors.field('query', 'status', 'must be 0, 1, 2 or 3');
  // Attempts are only ever `success` (0) or `failed` (2); pending/sending match none.
  return status === 0 ? 'success' : status === 2 ? 'failed' : 'none';
}

async function attemptsPage(
  app: AppScope,
  query: ListQuery,
  filter: { endpointId?: string; messageId?: string },
): Promise<ListResponse<AttemptOut>> {
  const page = pageOf(query);
  const rows = await listAttempts(app.scope.db, app.scope.instanceId, {
    ...page,
    endpointId: filter.endpointId,
    messageId: filter.messageId,
    status: statusFilter(query),
  });
  const withMsg = query.with_msg === 'true';
  const messages = new Map<string, MessageOut>();
  if (withMsg) {
    for (const id of new Set(rows.map((r) => r.message_id))) {
      const row = await findOutboxMessage(app.scope.db, app.scope.instanceId, eventIdOf(id));
      if (row) messages.set(id, outboxRowToMessage(row));
    }
  }
  return toListResponse(
    rows,
    page,
    (row) => row.id,
    (row) => attemptRowToOut(row, messages.get(row.message_id)),
  );
}

/** `GET /attempt/endpoint/{endpoint_id}`: the endpoint's attempts, newest first. */
export async function listEndpointAttempts(app: AppScope, endpointId: string, query: ListQuery) {
  const endpoint = await endpointOf(app, endpointId);
  return attemptsPage(app, query, { endpointId: endpoint.id });
}

/** `GET /attempt/msg/{msg_id}`: the message's attempts (to one endpoint with `endpoint_id`). */
export async function listMessageAttempts(app: AppScope, msgId: string, query: ListQuery) {
  const message = await messageOf(app, msgId);
  const endpoint = query.endpoint_id ? await endpointOf(app, query.endpoint_id) : undefined;
  return attemptsPage(app, query, {
    messageId: messageIdOf(message.event_id),
    endpointId: endpoint?.id,
  });
}

function deliveryToOut(row: DeliveryRow, message: OutboxRow | undefined): EndpointMessageOut {
  const status = (row.status in STATUS ? row.status : 'pending') as DeliveryStatus;
  const base = message
    ? outboxRowToMessage(message)
    : {
        id: row.message_id,
        eventId: eventIdOf(row.message_id),
        eventType: row.event_type,
        payload: null,
        channels: null,
        tags: null,
        timestamp: iso(row.created_at),
      };
  const next = row.replay_at ?? row.next_attempt_at;
  return {
    ...base,
    status: STATUS[status],
    statusText: STATUS_TEXT[status],
    nextAttempt: next === null ? null : iso(next),
  };
}

/** `GET /endpoint/{endpoint_id}/msg`: the endpoint's deliveries and where each stands. */
export async function listEndpointMessages(
  app: AppScope,
  endpointId: string,
  query: ListQuery,
): Promise<ListResponse<EndpointMessageOut>> {
  const endpoint = await endpointOf(app, endpointId);
  const page = pageOf(query);
  let after: number | undefined;
  if (page.after) {
    const message = await messageOf(app, page.after);
    after = Number(message.id);
  }
  const rows = await listDeliveries(app.scope.db, endpoint.id, { ...page, afterOutboxId: after });
  const messages = await findOutboxMessagesByIds(
    app.scope.db,
    rows.map((r) => Number(r.outbox_id)),
  );
  const byId = new Map(messages.map((m) => [Number(m.id), m]));
  return toListResponse(
    rows,
    page,
    (row) => row.message_id,
    (row) => deliveryToOut(row, byId.get(Number(row.outbox_id))),
  );
}

/**
 * `POST /msg/{msg_id}/endpoint/{endpoint_id}/resend`: asks the worker for a manual attempt
 * now. The delivery is made if the endpoint never had the message (Svix resends any message
 * to any endpoint of the app), and the worker is woken once the request has committed.
 */
export async function resendMessage(app: AppScope, msgId: string, endpointId: string) {
  const message = await messageOf(app, msgId);
  const endpoint = await endpointOf(app, endpointId);
  const { scope } = app;
  await runWrite(scope, async (tx) => {
    const delivery = await findDelivery(tx.db, endpoint.id, Number(message.id));
    if (delivery) {
      await requestReplay(tx.db, delivery.id, tx.now);
      return;
    }
    await insertReplayDelivery(tx.db, {
      id: generateId('dlv', tx.now),
      instance_id: tx.instanceId,
      endpoint_id: endpoint.id,
      outbox_id: Number(message.id),
      message_id: messageIdOf(message.event_id),
      event_type: message.event_type,
      status: 'pending',
      attempt_count: 0,
      next_attempt_at: null,
      last_attempt_at: null,
      replay_at: tx.now,
      created_at: tx.now,
      updated_at: tx.now,
    });
  });
  signalCommittedEvents(scope.db);
}

import { validateWebhookEvent, type OperationId, type SuccessBody } from '@castellan/contract';
import { expect } from 'vitest';
import { parseJson } from '../../src/db/values.js';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import { Api, type ApiResponse, type CallOptions } from '../helpers/api.js';
import type { TestInstance } from '../helpers/test-instance.js';

/** The User-Agent every request of these suites sends; events must carry it. */
export const USER_AGENT = 'castellan-events-test/1.0 (+https://example.com/events)';

/** `app.inject` requests come from this address unless told otherwise. */
export const INJECT_CLIENT_IP = '127.0.0.1';

/** The suite's API, sending `USER_AGENT` with every call. */
export class BrowserApi extends Api {
  override call<Id extends OperationId>(
    operationId: Id,
    options: CallOptions<Id> = {},
  ): Promise<ApiResponse> {
    return super.call(operationId, {
      ...options,
      headers: { 'user-agent': USER_AGENT, ...options.headers },
    });
  }
}

export function browserApi(t: TestInstance): BrowserApi {
  return new BrowserApi(t.app, t.secretKey);
}

/** Who caused the events: this suite's requests, no request at all, or a given client. */
export type HttpOrigin = 'request' | 'none' | { client_ip: string; user_agent: string };

export interface RecordedEvent {
  type: string;
  payload: any;
}

/**
 * Collects the instance's outbox events written from here on. `take()` returns the new ones
 * (oldest first) after checking each against the webhooks spec and the envelope rules.
 */
export async function watchEvents(t: TestInstance) {
  let seen = (await listOutboxEvents(t.database.db, t.instanceId)).length;
  return {
    async take(options: { http?: HttpOrigin } = {}): Promise<RecordedEvent[]> {
      const all = await listOutboxEvents(t.database.db, t.instanceId);
      const fresh = all.slice(seen).map((row) => ({
        type: row.event_type,
        payload: parseJson<any>(row.payload),
      }));
      seen = all.length;
      for (const event of fresh) expectSpecEvent(t, event, options.http ?? 'request');
      return fresh;
    },
  };
}

/**
 * One event as a subscriber receives it: valid for its type in the webhooks spec, with the
 * envelope filled from the write (`http_request` from the request that caused it, when one did).
 */
export function expectSpecEvent(t: TestInstance, event: RecordedEvent, http: HttpOrigin): void {
  const { payload } = event;
  const result = validateWebhookEvent(event.type, payload);
  expect(result.errors, `${event.type} against the webhooks spec`).toBe('');
  expect(payload.object).toBe('event');
  expect(payload.type).toBe(event.type);
  expect(payload.instance_id).toBe(t.instanceId);
  expect(Number.isInteger(payload.timestamp)).toBe(true);
  // Unix milliseconds, like every other timestamp of the API.
  expect(payload.timestamp).toBeGreaterThan(1_600_000_000_000);
  const expected =
    http === 'request'
      ? { client_ip: INJECT_CLIENT_IP, user_agent: USER_AGENT }
      : http === 'none'
        ? {}
        : http;
  expect(payload.event_attributes).toEqual({ http_request: expected });
}

/** The events' types, in order. */
export function typesOf(events: readonly RecordedEvent[]): string[] {
  return events.map((event) => event.type);
}

/** The `data` of the only event of `type` among `events`. */
export function dataOf(events: readonly RecordedEvent[], type: string): any {
  const matching = events.filter((event) => event.type === type);
  expect(matching, `one ${type} event`).toHaveLength(1);
  return matching[0]!.payload.data;
}

export type User = SuccessBody<'CreateUser'>;

import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { runTransaction } from '../db/write-guard.js';
import type { Clock } from '../platform/clock.js';
import {
  claimUndeliveredEvents,
  firstUndeliveredId,
  insertDeliveries,
  listSubscribedEndpoints,
  markEventsDelivered,
} from './delivery-fanout-store.js';

export interface DispatchContext {
  db: Kysely<Db>;
  dialect: DialectAdapter;
  clock: Clock;
  batchSize: number;
}

/**
 * Fans one batch of outbox events out, in one transaction: each event gets a pending
 * delivery, due now, for every enabled endpoint of its instance that takes its type, then
 * is marked fanned out (an event of an instance without endpoints is only marked). Answers
 * how many events it took.
 *
 * One dispatcher at a time: the batch is locked with SKIP LOCKED in id order, and taken only
 * if it starts at the first event not fanned out. A second dispatcher (another process)
 * skips the first one's locked rows, so its batch would start later: it gives up instead of
 * fanning out later events first, which would let an endpoint's sender see event 600 before
 * event 1. Outbox ids follow commit order per instance (DialectAdapter.orderEvents), so
 * deliveries are created, and first attempted, in commit order.
 */
export async function dispatchBatch(ctx: DispatchContext): Promise<number> {
  return runTransaction(ctx.db, async (trx) => {
    const first = await firstUndeliveredId(trx);
    if (first === undefined) return 0;
    const events = await claimUndeliveredEvents(trx, ctx.dialect, ctx.batchSize);
    if (events.length === 0 || events[0]!.id !== first) return 0;
    const now = ctx.clock.now();
    const instanceIds = [...new Set(events.map((event) => event.instance_id))];
    const endpoints = await listSubscribedEndpoints(trx, instanceIds);
    await insertDeliveries(trx, events, endpoints, now);
    await markEventsDelivered(
      trx,
      events.map((event) => event.id),
      now,
    );
    return events.length;
  });
}

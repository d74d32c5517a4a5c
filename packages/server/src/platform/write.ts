import type { Transaction } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { runTransaction } from '../db/write-guard.js';
import { signalCommittedEvents } from '../outbox/outbox-signal.js';
import { type DomainEvent, insertOutboxEvents } from '../outbox/outbox-store.js';
import type { Scope } from './scope.js';
import { translateUniqueViolation } from './unique-violations.js';

/**
 * What a write's work gets: the transaction (the only way to the database inside it), the
 * instance it writes to, and `emit`, which records a domain event in the same transaction.
 */
export interface WriteTx {
  readonly db: Transaction<Db>;
  readonly dialect: DialectAdapter;
  readonly instanceId: string;
  /** The time of this write (the scope's clock, read once): its `created_at`/`updated_at`. */
  readonly now: number;
  /**
   * Records `type` (e.g. `user.updated`) with `data` in the outbox, in the order emitted;
   * written at the end of the transaction and committed with the change.
   */
  emit(type: string, data: unknown): Promise<void>;
}

/** Where a write goes: the database, its dialect, the instance, and who caused it. */
export interface WriteTarget {
  readonly db: Scope['db'];
  readonly dialect: DialectAdapter;
  readonly instanceId: string;
  readonly request: Scope['request'];
}

/**
 * Runs one API write: one transaction that commits with its events or rolls back whole.
 * Unique-index violations become the Clerk error their index registered.
 */
export async function runWrite<T>(scope: Scope, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  try {
    return await runWriteAt(scope, scope.clock.now(), work);
  } catch (error) {
    throw translateUniqueViolation(error);
  }
}

/**
 * One transaction at time `now` whose `emit`s are recorded in the outbox with it. The events
 * are written last, under the instance's event lock (DialectAdapter.orderEvents), so outbox
 * ids follow commit order and no lock is awaited while the write's rows are held. Once it
 * has committed, the webhook worker is woken.
 */
export async function runWriteAt<T>(
  target: WriteTarget,
  now: number,
  work: (tx: WriteTx) => Promise<T>,
): Promise<T> {
  let emitted = false;
  const result = await runTransaction(target.db, async (trx) => {
    const events: DomainEvent[] = []; // a retried transaction starts over
    const value = await work({
      db: trx,
      dialect: target.dialect,
      instanceId: target.instanceId,
      now,
      emit: async (type, data) => {
        events.push({ type, data });
      },
    });
    emitted = events.length > 0;
    if (emitted) {
      await target.dialect.orderEvents(trx, target.instanceId);
      await insertOutboxEvents(trx, target.instanceId, events, target.request, now);
    }
    return value;
  });
  if (emitted) signalCommittedEvents(target.db);
  return result;
}

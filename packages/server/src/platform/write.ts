import type { Transaction } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db } from '../db/schema.js';
import { runTransaction } from '../db/write-guard.js';
import { insertOutboxEvent } from '../outbox/outbox-store.js';
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
  /** Records `type` (e.g. `user.updated`) with `data` in the outbox; committed with the change. */
  emit(type: string, data: unknown): Promise<void>;
}

/**
 * Runs one API write: one transaction that commits with its events or rolls back whole.
 * Unique-index violations become the Clerk error their index registered.
 */
export async function runWrite<T>(scope: Scope, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  try {
    const now = scope.clock.now();
    return await runTransaction(scope.db, (trx) =>
      work({
        db: trx,
        dialect: scope.dialect,
        instanceId: scope.instanceId,
        now,
        emit: async (type, data) => {
          await insertOutboxEvent(trx, scope.instanceId, { type, data }, scope.request, now);
        },
      }),
    );
  } catch (error) {
    throw translateUniqueViolation(error);
  }
}

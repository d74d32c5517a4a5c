import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseConnection, Dialect, Driver, Kysely, Transaction } from 'kysely';
import type { Db } from './schema.js';

const insideTransaction = new AsyncLocalStorage<true>();

/** Thrown when code inside a transaction reaches for the outer database: a bug, never a user error. */
export class OuterDatabaseInTransactionError extends Error {
  constructor() {
    super(
      'The outer database was used inside a transaction: use the transaction handle the write gives you.',
    );
    this.name = 'OuterDatabaseInTransactionError';
  }
}

/**
 * Wraps a Kysely dialect so that no connection can be taken from the outer database while a
 * transaction's work runs. The work must use its transaction handle: a query on the outer
 * database would read around the transaction (PostgreSQL) or wait forever for the one
 * connection the transaction holds (SQLite).
 */
export function guardTransactions(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      return new Proxy(driver, {
        get(target, property, receiver) {
          if (property === 'acquireConnection') {
            return (): Promise<DatabaseConnection> => {
              if (insideTransaction.getStore()) throw new OuterDatabaseInTransactionError();
              return target.acquireConnection();
            };
          }
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

/** Transactions whose work may still be running, in this process. */
let openTransactions = 0;

/**
 * Runs `work` in one transaction: it commits when `work` resolves and rolls back when it
 * throws. Inside, only `trx` reaches the database (see `guardTransactions`).
 *
 * While an `AsyncLocalStorage` is enabled, Node 20 runs a hook on every promise the process
 * creates, in every request (5–19% of a light read's CPU in an A/B). So the guard's storage is
 * disabled whenever no transaction is open, and reads between writes run without the hook;
 * `run` enables it again for the next transaction.
 */
export async function runTransaction<T>(
  db: Kysely<Db>,
  work: (trx: Transaction<Db>) => Promise<T>,
): Promise<T> {
  openTransactions++;
  try {
    return await db.transaction().execute((trx) => insideTransaction.run(true, () => work(trx)));
  } finally {
    if (--openTransactions === 0) insideTransaction.disable();
  }
}

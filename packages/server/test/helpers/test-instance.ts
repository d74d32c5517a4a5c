import type { FastifyInstance } from 'fastify';
import { createServer } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createInstance } from '../../src/instances/instance-service.js';
import type { ScopeInstance } from '../../src/platform/scope.js';
import { Api } from './api.js';
import { TestClock } from './test-clock.js';
import { createTestDatabase, TEST_ENCRYPTION_KEY, type DialectName } from './test-server.js';

interface WorkerServer {
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
}

/**
 * One migrated database and one server per dialect per test worker, built on first use
 * and kept for the worker's life (the suite runs with `isolate: false`, so test files of a
 * worker share this module). Suites are kept apart by instances, not by databases.
 */
const workerServers = new Map<DialectName, Promise<WorkerServer>>();

function workerServer(dialect: DialectName): Promise<WorkerServer> {
  let server = workerServers.get(dialect);
  if (!server) {
    server = (async () => {
      // SQLite in memory; PostgreSQL in a database of this run (dropped at its end).
      const database =
        dialect === 'sqlite'
          ? openDatabase({ url: ':memory:' })
          : (await createTestDatabase(dialect)).database;
      const clock = new TestClock();
      const app = await createServer({
        database,
        encryptionKey: TEST_ENCRYPTION_KEY,
        logger: false,
        clock,
      });
      return { app, database, clock };
    })();
    workerServers.set(dialect, server);
  }
  return server;
}

export interface TestInstance {
  app: FastifyInstance;
  database: Database;
  dialect: DialectName;
  instanceId: string;
  /** The instance as a request's scope sees it (id, frontend API host, publishable key). */
  instance: ScopeInstance;
  secretKey: string;
  /** `{ authorization: 'Bearer <secret key>' }` for hand-made requests. */
  auth: { authorization: string };
  /** Calls operations with this instance's key, checking every response against the contract. */
  api: Api;
  /**
   * The worker server's clock, back on real time for each new suite. A suite that sets it
   * owns it until it ends (a worker runs its files one at a time).
   */
  clock: TestClock;
}

let suites = 0;

/**
 * A fresh instance of its own for a suite, made by the real instance-creation code on the
 * worker's server: nothing another suite writes is visible to it.
 */
export async function useTestInstance(dialect: DialectName): Promise<TestInstance> {
  const { app, database, clock } = await workerServer(dialect);
  clock.useRealTime();
  suites += 1;
  const name = `suite-${process.pid}-${suites}`;
  const { instance, secretKey } = await createInstance(database.db, {
    name,
    frontendApi: `${name}.localhost`,
    secrets: app.castellan.secrets,
  });
  return {
    app,
    database,
    dialect,
    instanceId: instance.id,
    instance,
    secretKey,
    auth: { authorization: `Bearer ${secretKey}` },
    api: new Api(app, secretKey),
    clock,
  };
}

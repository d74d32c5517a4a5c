import type { FastifyInstance } from 'fastify';
import { createServer, type CreateServerOptions } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { createInstance } from '../../src/instances/instance-service.js';
import { Api } from '../helpers/api.js';
import { TestClock } from '../helpers/test-clock.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  type DialectName,
} from '../helpers/test-server.js';
import { insertTestEndpoint, type TestEndpoint, type TestEndpointInput } from './endpoints.js';

export interface DeliveryServer {
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
  close(): Promise<void>;
  /** A fresh instance of this server and an API client for it. */
  newInstance(
    environment?: 'development' | 'production',
  ): Promise<{ instanceId: string; api: Api }>;
  addEndpoint(input: TestEndpointInput): Promise<TestEndpoint>;
  /** Runs the worker until nothing is due at the clock's time. */
  drain(): Promise<void>;
}

let instances = 0;

/**
 * A server of its own on a fresh database with a test clock and the webhook worker
 * configured but not started (tests call `drain()`), unless `webhooks` says otherwise.
 */
export async function startDeliveryServer(
  dialect: DialectName,
  webhooks: CreateServerOptions['webhooks'] = { enabled: false, random: () => 0.5 },
  outbound: CreateServerOptions['outbound'] = {},
): Promise<DeliveryServer> {
  const testDb = await createTestDatabase(dialect);
  const clock = new TestClock();
  const app = await createServer({
    database: testDb.database,
    secretKey: TEST_SECRET_KEY,
    encryptionKey: TEST_ENCRYPTION_KEY,
    logger: false,
    clock,
    webhooks,
    outbound,
  });
  await app.ready();
  return {
    app,
    database: testDb.database,
    clock,
    close: async () => {
      await app.close();
      await testDb.database.close().catch(() => {});
      await testDb.drop();
    },
    async newInstance(environment = 'development') {
      instances += 1;
      const name = `webhooks-${process.pid}-${instances}`;
      const { instance, secretKey } = await createInstance(testDb.database.db, {
        name,
        frontendApi: `${name}.localhost`,
        environment,
        secrets: app.castellan.secrets,
      });
      return { instanceId: instance.id, api: new Api(app, secretKey) };
    },
    addEndpoint: (input) =>
      insertTestEndpoint(testDb.database, app.castellan.secrets, { now: clock.now(), ...input }),
    drain: () => app.castellan.webhooks.drain(),
  };
}

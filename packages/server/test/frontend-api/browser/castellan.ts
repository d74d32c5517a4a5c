import type { FastifyInstance } from 'fastify';
import { createServer } from '../../../src/app.js';
import { createInstance } from '../../../src/instances/instance-service.js';
import { applyInstanceConfig } from '../../../src/instances/instance-config-apply.js';
import type { InstanceConfig } from '../../../src/instances/instance-config.js';
import { Api } from '../../helpers/api.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  type DialectName,
  type TestDatabase,
} from '../../helpers/test-server.js';

/** A Castellan server listening on a loopback port, on a fresh database of `dialect`. */
export interface ListeningCastellan {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`: the Backend API's `apiUrl`; the FAPI is under `/__clerk`. */
  origin: string;
  /** The Backend API with the default instance's key (`TEST_SECRET_KEY`). */
  api: Api;
  close(): Promise<void>;
}

export async function startCastellan(dialect: DialectName): Promise<ListeningCastellan> {
  const testDb: TestDatabase = await createTestDatabase(dialect);
  const app = await createServer({
    database: testDb.database,
    secretKey: TEST_SECRET_KEY,
    encryptionKey: TEST_ENCRYPTION_KEY,
    logger: false,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    origin,
    api: new Api(app, TEST_SECRET_KEY),
    close: async () => {
      await app.close();
      await testDb.database.close().catch(() => {});
      await testDb.drop();
    },
  };
}

export type InstanceKind = 'development' | 'production';

/** An instance a browser test signs in to, with its keys in clear. */
export interface FapiInstance {
  kind: InstanceKind;
  instanceId: string;
  publishableKey: string;
  secretKey: string;
  /** The Backend API with this instance's key (responses checked against the contract). */
  api: Api;
}

/**
 * What a browser test's instance asks for (as `castellan instances create --config` takes
 * it): email and password, organizations on, short tokens.
 */
export const BROWSER_TEST_CONFIG: InstanceConfig = {
  identifiers: {
    email_address: 'required',
    phone_number: 'off',
    username: 'off',
    web3_wallet: 'off',
  },
  password_settings: { disable_hibp: true },
  organization_settings: { enabled: true },
  // clerk-js refreshes a token 17 s before it expires: a 30 s token (the least the
  // configuration takes) is refreshed about 13 s after it is minted.
  sessions: { token_lifetime_seconds: 30 },
};

let created = 0;

/**
 * A development instance (`pk_test_`, host under `accounts.dev` so clerk-js runs its dev
 * browser) or a production one (`pk_live_`, the `__client` cookie), made by the real
 * instance-creation code. A production instance allows `appOrigin` (CORS with credentials).
 */
export async function createFapiInstance(
  castellan: ListeningCastellan,
  kind: InstanceKind,
  appOrigins: readonly string[],
  config: InstanceConfig = BROWSER_TEST_CONFIG,
): Promise<FapiInstance> {
  created += 1;
  const name = `browser-${kind === 'development' ? 'dev' : 'prod'}-${process.pid}-${created}`;
  const { instance, secretKey } = await createInstance(castellan.app.castellan.database.db, {
    name,
    frontendApi:
      kind === 'development' ? `${name}.castellan.accounts.dev` : `clerk.${name}.example`,
    environment: kind,
    secrets: castellan.app.castellan.secrets,
    settings: applyInstanceConfig({}, config),
  });
  const api = new Api(castellan.app, secretKey);
  if (kind === 'production') {
    await api.ok('UpdateInstance', { body: { allowed_origins: [...appOrigins] } });
  }
  return {
    kind,
    instanceId: instance.id,
    publishableKey: instance.publishableKey,
    secretKey,
    api,
  };
}

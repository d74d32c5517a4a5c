import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type DialectName, type TestServer } from './test-server.js';

/** What a `@clerk/backend` suite works with, set once its `beforeAll` has run. */
export interface ClerkBackendSuite {
  server: TestServer;
  clerk: ClerkClient;
  /** Where the server listens (`http://127.0.0.1:<port>`): the client's `apiUrl`. */
  apiUrl: string;
}

/**
 * For the suite it is called in: a listening test server of `dialect` and the official
 * client pointed at it with the default instance's key (started in `beforeAll`, closed in
 * `afterAll`). The official client talks real HTTP, so the server listens.
 */
export function useClerkBackend(dialect: DialectName): ClerkBackendSuite {
  const suite = {} as ClerkBackendSuite;
  beforeAll(async () => {
    suite.server = await startTestServer(dialect);
    suite.apiUrl = await suite.server.app.listen({ port: 0, host: '127.0.0.1' });
    suite.clerk = createClerkClient({ secretKey: suite.server.secretKey, apiUrl: suite.apiUrl });
  });
  afterAll(async () => suite.server?.close());
  return suite;
}

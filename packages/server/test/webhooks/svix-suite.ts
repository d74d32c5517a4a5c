import { ApiException, Svix } from 'svix';
import { afterAll, beforeAll, expect } from 'vitest';
import { createInstance } from '../../src/instances/instance-service.js';
import { startTestServer, type DialectName, type TestServer } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** Awaits a svix client call that must fail with `status`; returns the parsed body. */
export async function svixError(call: Promise<unknown>, status: number): Promise<any> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${status}, got ${JSON.stringify(value)?.slice(0, 300)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  const api = error as ApiException<any>;
  expect(api.code, JSON.stringify(api.body)).toBe(status);
  return api.body;
}

/** What a suite of the Svix-compatible API works with, once its `beforeAll` has run. */
export interface SvixSuite {
  server: TestServer;
  /** Where the server listens (the svix client talks real HTTP). */
  baseUrl: string;
  /** The default instance's client (its secret key) and app. */
  svix: Svix;
  appId: string;
  /** A second instance with an app of its own: nothing of one is reachable with the other. */
  other: { svix: Svix; appId: string };
  clientFor(token: string): Svix;
  newUser(): Promise<{ id: string }>;
}

/** A listening test server of `dialect` whose two instances have a Svix app each. */
export function useSvixSuite(dialect: DialectName): SvixSuite {
  const s = {} as SvixSuite;
  const appOf = async (client: Svix) => (await client.application.list()).data[0]!.id;
  beforeAll(async () => {
    s.server = await startTestServer(dialect);
    s.baseUrl = await s.server.app.listen({ port: 0, host: '127.0.0.1' });
    s.clientFor = (token) => new Svix(token, { serverUrl: `${s.baseUrl}/svix` });
    s.newUser = () =>
      s.server.api.ok('CreateUser', {
        body: { email_address: [uniqueEmail('svix')], skip_password_requirement: true },
      });
    await s.server.api.ok('CreateSvixApp');
    s.svix = s.clientFor(s.server.secretKey);
    s.appId = await appOf(s.svix);
    const { secretKey } = await createInstance(s.server.database.db, {
      name: 'other',
      frontendApi: 'other.localhost',
      secrets: s.server.app.castellan.secrets,
    });
    await s.server.app.inject({
      method: 'POST',
      url: '/v1/webhooks/svix',
      headers: { authorization: `Bearer ${secretKey}` },
    });
    const otherSvix = s.clientFor(secretKey);
    s.other = { svix: otherSvix, appId: await appOf(otherSvix) };
  });
  afterAll(() => s.server?.close());
  return s;
}

import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Castellan } from '../src/index.js';
import type { ClientOptions } from '../src/core/options.js';
import { useTestInstance, type TestInstance } from '../../server/test/helpers/test-instance.js';
import type { DialectName } from '../../server/test/helpers/test-server.js';

const listening = new WeakMap<object, Promise<string>>();

/**
 * A URL (`http://127.0.0.1:<port>/v1`) for the worker's server, from first use. A server of
 * its own hands requests to the app's router, so the shared app itself never listens: a
 * listening app would name its own address in the URLs it answers (images), and the other
 * suites of the worker expect `http://localhost` there.
 */
async function serverUrlOf(instance: TestInstance): Promise<string> {
  let url = listening.get(instance.app);
  if (!url) {
    url = (async () => {
      await instance.app.ready();
      const server = createHttpServer((req, res) => instance.app.routing(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      server.unref();
      const { port } = server.address() as AddressInfo;
      return `http://127.0.0.1:${port}/v1`;
    })();
    listening.set(instance.app, url);
  }
  return url;
}

export interface SdkSuite {
  instance: TestInstance;
  sdk: Castellan;
  serverURL: string;
  /** Another client of the same instance, with options of the test's own. */
  client(options?: ClientOptions): Castellan;
}

/** A fresh instance on the worker's (listening) server and an SDK client with its key. */
export async function useSdk(dialect: DialectName): Promise<SdkSuite> {
  const instance = await useTestInstance(dialect);
  const serverURL = await serverUrlOf(instance);
  const client = (options: ClientOptions = {}) =>
    new Castellan({ bearerAuth: instance.secretKey, serverURL, ...options });
  return { instance, sdk: client(), serverURL, client };
}

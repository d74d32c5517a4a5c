import { createServer } from './app.js';
import { generateSecretKey } from './instances/secret-keys.js';

export interface WarmUpOptions {
  /** Resolves when the real server has no request in flight (default: at once). */
  idle?: () => Promise<void>;
}

export interface WarmUpStep {
  request: string;
  status: number;
}

/**
 * Runs one request of each kind against a throwaway server on an in-memory database, so
 * the first real request of each kind does not pay for what happens once per process:
 * response serializers compiling their validators (shared by every server in the process,
 * see serializer-compiler.ts), the common-password list loading, V8 compiling the paths.
 * Without it the first user list took 250–420 ms and the first `/v1/jwks` 110–160 ms,
 * against ~2 ms after (issue 6). Nothing touches the real database. Returns what each
 * request answered, for the test that keeps this list working.
 */
export async function warmUp(options: WarmUpOptions = {}): Promise<WarmUpStep[]> {
  const idle = options.idle ?? (async () => {});
  // Real requests go first: each step (the throwaway server's start among them) waits
  // until the real server has none in flight, so the first requests after a start are
  // not slowed by the warm-up meant to speed them up.
  const yieldToRequests = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await idle();
  };
  const secretKey = generateSecretKey('test');
  await yieldToRequests();
  const app = await createServer({ database: { url: ':memory:' }, secretKey, logger: false });
  const steps: WarmUpStep[] = [];
  const send = async (method: string, url: string, payload?: object) => {
    await yieldToRequests();
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${secretKey}` },
      ...(payload ? { payload } : {}),
    });
    steps.push({
      request: `${method} ${url.replace(/user_\w+/, '{user_id}')}`,
      status: res.statusCode,
    });
    return res;
  };
  try {
    const created = await send('POST', '/v1/users', {
      email_address: ['warm-up@example.com'],
      phone_number: ['+14155552671'],
      username: 'warm_up',
      web3_wallet: ['0x52908400098527886e0f7030069857d2e4169ee7'],
      password: 'an-uncommon-warm-up-passphrase',
      first_name: 'Warm',
      last_name: 'Up',
      external_id: 'warm-up',
      public_metadata: { warm: true },
    });
    const id = (created.json() as { id: string }).id;
    await send('GET', `/v1/users/${id}`);
    await send('GET', '/v1/users?limit=10');
    await send(
      'GET',
      '/v1/users?email_address=warm-up@example.com&query=warm&order_by=-created_at',
    );
    await send('GET', '/v1/users/count');
    await send('GET', '/v1/users/count?query=warm');
    await send('PATCH', `/v1/users/${id}`, { first_name: 'Warmer' });
    await send('PATCH', `/v1/users/${id}/metadata`, { private_metadata: { warm: true } });
    await send('GET', '/v1/users/user_0000000000000000000000000000'); // 404, the error path
    await send('POST', '/v1/users', { email_address: ['not an email'] }); // 422
    await send('DELETE', `/v1/users/${id}`);
    await send('GET', '/v1/jwks');
  } finally {
    await app.close();
  }
  return steps;
}

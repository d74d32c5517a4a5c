/**
 * A child process of `npm run bench`'s machine-auth rows: a Castellan server on an in-memory
 * SQLite database with one user and its API key, and two machines (the caller scoped to the
 * verifier) with one opaque M2M token. Prints one JSON line once it listens: `origin`,
 * `secretKey`, `apiKeySecret`, `m2mToken`, `verifierKey` and the two verify answers (for the
 * baseline to serve the same bytes).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from '../src/app.js';
import { openDatabase } from '../src/db/database.js';

const secretKey = `sk_test_bench${randomBytes(16).toString('hex')}`;
const app = await createServer({
  database: openDatabase({ url: ':memory:' }),
  secretKey,
  encryptionKey: randomBytes(32).toString('base64'),
  frontendApi: 'bench.castellan.accounts.dev',
  logger: false,
});
const headers = { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' };
const post = async <T>(url: string, payload: unknown, auth = headers) => {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: auth,
    payload: payload as object,
  });
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
  return response.json<T>();
};
const user = await post<{ id: string }>('/v1/users', {
  email_address: ['bench@example.com'],
  skip_password_requirement: true,
});
const apiKey = await post<{ secret: string }>('/api_keys', { name: 'bench', subject: user.id });
const verifier = await post<{ id: string; secret_key: string }>('/v1/machines', {
  name: 'verifier',
});
const caller = await post<{ secret_key: string }>('/v1/machines', {
  name: 'caller',
  scoped_machines: [verifier.id],
  default_token_ttl: 86_400,
});
const m2m = await post<{ token: string }>(
  '/m2m_tokens',
  {},
  {
    ...headers,
    authorization: `Bearer ${caller.secret_key}`,
  },
);
const apiKeyAnswer = await post('/api_keys/verify', { secret: apiKey.secret });
const m2mAnswer = await post('/m2m_tokens/verify', { token: m2m.token });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(
  JSON.stringify({
    origin,
    secretKey,
    apiKeySecret: apiKey.secret,
    m2mToken: m2m.token,
    verifierKey: verifier.secret_key,
    apiKeyAnswer,
    m2mAnswer,
  }),
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));

/**
 * A child process of `npm run bench`'s session-token scenario: a Castellan server on an
 * in-memory SQLite database with one user and one active session, listening on a free
 * port. Prints one JSON line (`origin`, `secretKey`, `sessionId`) once it listens.
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
const user = await app.inject({
  method: 'POST',
  url: '/v1/users',
  headers,
  payload: { email_address: ['bench@example.com'], skip_password_requirement: true },
});
const session = await app.inject({
  method: 'POST',
  url: '/v1/sessions',
  headers,
  payload: { user_id: user.json<{ id: string }>().id },
});
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ origin, secretKey, sessionId: session.json<{ id: string }>().id }));
// Exit normally on SIGTERM, so `--cpu-prof` writes its profile.
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));

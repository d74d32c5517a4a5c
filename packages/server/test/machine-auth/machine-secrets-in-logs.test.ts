import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { Api } from '../helpers/api.js';
import { createTestUser } from '../helpers/users.js';

const SECRET_KEY = `sk_test_${'L'.repeat(40)}`;

/** Machine keys, API key secrets and M2M tokens appear in no log line and no event. */
describe('machine credentials stay out of logs and events', () => {
  let app: FastifyInstance;
  const lines: string[] = [];
  beforeAll(async () => {
    app = await createServer({
      database: openDatabase({ url: ':memory:' }),
      secretKey: SECRET_KEY,
      logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
    });
  });
  afterAll(async () => app?.close());

  it('logs none of them, on success or failure', async () => {
    const api = new Api(app, SECRET_KEY);
    const target = await api.ok('CreateMachine', { body: { name: 'target' } });
    const caller = await api.ok('CreateMachine', {
      body: { name: 'caller', scoped_machines: [target.id] },
    });
    const rotated = await api.ok('RotateMachineSecretKey', {
      params: { machine_id: target.id },
      body: { previous_token_ttl: 10 },
    });
    const token = await api.ok('createM2MToken', { body: {}, secretKey: caller.secret_key });
    const jwt = await api.ok('createM2MToken', {
      body: { token_format: 'jwt' },
      secretKey: caller.secret_key,
    });
    await api.ok('verifyM2MToken', { body: { token: token.token }, secretKey: rotated.secret });
    await api.fail('verifyM2MToken', { body: { token: `${token.token}x` } }, 404);
    const user = await createTestUser(api);
    const key = await api.ok('createApiKey', { body: { name: 'logged', subject: user.id } });
    await api.ok('verifyApiKey', { body: { secret: key.secret } });
    await api.fail('verifyApiKey', { body: { secret: `${key.secret}x` } }, 404);
    const secrets = [
      target.secret_key,
      caller.secret_key,
      rotated.secret,
      token.token,
      jwt.token,
      key.secret,
    ];
    expect(lines.length).toBeGreaterThan(10);
    const log = lines.join('\n');
    for (const secret of secrets) expect(log).not.toContain(secret.slice(3));
    const events = await app.castellan.database.db.selectFrom('outbox').selectAll().execute();
    const outbox = JSON.stringify(events);
    for (const secret of secrets) expect(outbox).not.toContain(secret.slice(3));
  });
});

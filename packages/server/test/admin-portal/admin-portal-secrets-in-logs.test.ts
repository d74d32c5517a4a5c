import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { issueOAuthAccessToken } from '../../src/oauth-applications/oauth-access-token-issue.js';
import { runWrite } from '../../src/platform/write.js';
import { Api } from '../helpers/api.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { createTestUser } from '../helpers/users.js';
import { TestClock } from '../helpers/test-clock.js';
import { scopeOn } from '../helpers/test-scope.js';

const SECRET_KEY = `sk_test_${'P'.repeat(40)}`;

/** Admin portal link tokens (in the page's path) and OAuth access tokens appear in no log line. */
describe('admin portal and OAuth tokens stay out of logs', () => {
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

  it('logs the page route, never the token', async () => {
    const api = new Api(app, SECRET_KEY);
    await enableOrganizations(api);
    const org = await createTestOrganization(api);
    const link = await api.ok('createAdminPortalLinkToken', { body: { organization_id: org.id } });
    const page = await app.inject({ method: 'GET', url: `/castellan/admin-portal/${link.token}` });
    expect(page.statusCode).toBe(200);
    const oauthApp = await api.ok('CreateOAuthApplication', { body: { name: 'logs' } });
    const user = await createTestUser(api);
    const instanceId = link.instance_id;
    const row = await app.castellan.database.db
      .selectFrom('instances')
      .selectAll()
      .where('id', '=', instanceId)
      .executeTakeFirstOrThrow();
    const scope = scopeOn(app, {
      instance: {
        id: row.id,
        frontendApi: row.frontend_api,
        publishableKey: row.publishable_key,
        environment: row.environment,
      },
      clock: new TestClock(),
      baseUrl: 'http://localhost',
    });
    const issued = await runWrite(scope, (tx) =>
      issueOAuthAccessToken(tx, scope, {
        clientId: oauthApp.client_id,
        userId: user.id,
        scopes: [],
      }),
    );
    await api.ok('verifyOAuthAccessToken', { body: { access_token: issued.token } });
    await api.fail('verifyOAuthAccessToken', { body: { access_token: `${issued.token}x` } }, 404);
    const logged = lines.join('\n');
    expect(logged).toContain('/castellan/admin-portal/:token');
    for (const secret of [link.token, link.token.slice(5), issued.token, issued.token.slice(4)]) {
      expect(logged).not.toContain(secret);
    }
  });
});

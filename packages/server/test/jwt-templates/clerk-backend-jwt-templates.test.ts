import { createPublicKey } from 'node:crypto';
import { verifyToken } from '@clerk/backend';
import { describe, expect, it } from 'vitest';
import { createTemplateToken } from '../../src/jwt-templates/template-token-service.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Scope } from '../../src/platform/scope.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

/** The official client's JWT template calls and token checks, against a listening Castellan. */
describe.each(testDialects())('@clerk/backend: JWT templates (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  async function scopeOfServer(): Promise<Scope> {
    const row = await suite.server.database.db
      .selectFrom('instances')
      .select(['id', 'frontend_api', 'publishable_key', 'environment'])
      .executeTakeFirstOrThrow();
    return scopeOn(suite.server.app, {
      instance: {
        id: row.id,
        frontendApi: row.frontend_api,
        publishableKey: row.publishable_key,
        environment: row.environment,
      },
      clock: systemClock,
      baseUrl: suite.apiUrl,
    });
  }

  it('creates, lists, gets, updates and deletes templates', async () => {
    const { clerk } = suite;
    const created = await clerk.jwtTemplates.create({
      name: 'sdk-template',
      claims: { email: '{{user.primary_email_address}}', nested: { keepCase: true } },
      lifetime: 120,
      allowedClockSkew: 7,
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^jtmp_/),
      name: 'sdk-template',
      claims: { email: '{{user.primary_email_address}}', nested: { keepCase: true } },
      lifetime: 120,
      allowedClockSkew: 7,
      customSigningKey: false,
      signingAlgorithm: 'RS256',
    });
    const list = await clerk.jwtTemplates.list();
    expect(list.totalCount).toBe(1);
    expect(list.data.map((t) => t.id)).toEqual([created.id]);
    expect((await clerk.jwtTemplates.get(created.id)).name).toBe('sdk-template');
    const updated = await clerk.jwtTemplates.update({
      templateId: created.id,
      name: 'sdk-renamed',
      claims: { role: '{{org.role}}' },
      customSigningKey: true,
      signingAlgorithm: 'HS256',
      signingKey: 's'.repeat(32),
    });
    expect(updated).toMatchObject({
      name: 'sdk-renamed',
      lifetime: 120,
      customSigningKey: true,
      signingAlgorithm: 'HS256',
    });
    const duplicate = await clerk.jwtTemplates
      .create({ name: 'sdk-renamed', claims: {} })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ status: 400, errors: [{ code: 'duplicate_record' }] });
    expect(await clerk.jwtTemplates.delete(created.id)).toMatchObject({
      id: created.id,
      deleted: true,
    });
    expect((await clerk.jwtTemplates.list()).totalCount).toBe(0);
  });

  it('verifyToken accepts a template token, with the JWKS from apiUrl and networkless with jwtKey', async () => {
    const { clerk, server, apiUrl } = suite;
    await clerk.jwtTemplates.create({ name: 'verify-me', claims: { uid: '{{user.id}}' } });
    const user = await createTestUser(server.api);
    const scope = await scopeOfServer();
    const { jwt } = await createTemplateToken(
      scope,
      'verify-me',
      {
        user: await server.api.ok('GetUser', { params: { user_id: user.id } }),
        session: { id: 'sess_1', actor: null, fva: null },
        organization: null,
        azp: 'https://app.example.com',
      },
      {},
    );
    const viaApi = await verifyToken(jwt, {
      secretKey: server.secretKey,
      apiUrl,
      authorizedParties: ['https://app.example.com'],
    });
    expect(viaApi).toMatchObject({ sub: user.id, uid: user.id, azp: 'https://app.example.com' });

    const { keys = [] } = await server.api.ok('GetJWKS');
    const jwtKey = createPublicKey({ key: keys[0] as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const networkless = await verifyToken(jwt, { jwtKey });
    expect(networkless.sub).toBe(user.id);
    await expect(
      verifyToken(jwt, { jwtKey, authorizedParties: ['https://other.example.com'] }),
    ).rejects.toThrow();
  });
});

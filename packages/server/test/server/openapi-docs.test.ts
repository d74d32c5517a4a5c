import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import {
  createTestDatabase,
  startTestServer,
  TEST_SECRET_KEY,
  testDialects,
  type TestDatabase,
  type TestServer,
  TEST_ENCRYPTION_KEY,
} from '../helpers/test-server.js';

const HOSTILE = { host: 'attacker.example' };

function expectDocsHeaders(res: { headers: Record<string, unknown> }, connectSrc = "'self'") {
  const policy = String(res.headers['content-security-policy']);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain(`connect-src ${connectSrc}`);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

// Regression, issue 6: /openapi.json took its server URL from the first request's Host
// header and cached it, so one request naming another host made /docs send every later
// visitor's secret key there.
describe.each(testDialects())('/openapi.json and /docs (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer(dialect)));
  afterAll(async () => server?.close());

  it('never takes the server URL from the Host header, first request or later', async () => {
    const hostile = await server.app.inject({ url: '/openapi.json', headers: HOSTILE });
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain('attacker.example');
    const normal = await server.app.inject({ url: '/openapi.json' });
    expect(normal.json().servers).toEqual([{ url: '/v1' }]);
    expect(normal.body).toBe(hostile.body);
    expectDocsHeaders(normal);
  });

  it('introduces Castellan and how to authenticate in the document', async () => {
    const { info } = (await server.app.inject({ url: '/openapi.json' })).json();
    expect(info.title).toBe('Castellan (Clerk Backend API)');
    expect(info.description).toContain('Castellan is a self-hosted server');
    expect(info.description).toContain('Authorization: Bearer sk_test_…');
    expect(info.description).toContain('README');
  });

  it('serves /docs with its own title, headers that protect it, and nothing from elsewhere', async () => {
    expect((await server.app.inject({ url: '/docs' })).headers.location).toBe('/docs/');
    const page = await server.app.inject({ url: '/docs/', headers: HOSTILE });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expectDocsHeaders(page);
    expect(page.body).toContain('<title>Castellan API reference</title>');
    expect(page.body).not.toContain('attacker.example');
    expect(page.body).not.toMatch(/https?:\/\//); // no CDN script, no fonts from elsewhere
    const config = JSON.parse(
      /createApiReference\('#app', (\{[\s\S]*?\})\)\s*<\/script>/.exec(page.body)![1]!,
    );
    expect(config).toMatchObject({
      showDeveloperTools: 'never',
      agent: { disabled: true },
      telemetry: false,
      withDefaultFonts: false,
    });

    const script = await server.app.inject({ url: '/docs/js/scalar.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript/);
    expect(script.body.length).toBeGreaterThan(1_000_000); // Scalar's whole browser bundle
    expectDocsHeaders(script);
    const document = await server.app.inject({ url: '/docs/openapi.json', headers: HOSTILE });
    expect(document.json().servers).toEqual([{ url: '/v1' }]);
  });
});

describe.each(testDialects())('/openapi.json with a public URL (%s)', (dialect) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    app = await createServer({
      encryptionKey: TEST_ENCRYPTION_KEY,
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      logger: false,
      publicUrl: 'https://auth.example.com/castellan',
    });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.database.close();
    await testDb?.drop();
  });

  it('names the public URL, whatever the Host header says', async () => {
    for (const headers of [HOSTILE, {}]) {
      const res = await app.inject({ url: '/openapi.json', headers });
      expect(res.json().servers).toEqual([{ url: 'https://auth.example.com/castellan/v1' }]);
    }
    const page = await app.inject({ url: '/docs/', headers: HOSTILE });
    expectDocsHeaders(page, "'self' https://auth.example.com");
  });
});

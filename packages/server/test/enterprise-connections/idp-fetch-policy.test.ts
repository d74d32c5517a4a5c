import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useProductionInstance } from '../domains/production-instance.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import {
  idpMetadataXml,
  makeCertificate,
  startDocumentServer,
  type DocumentServer,
} from './idp-fixtures.js';

/** `idp_metadata_url` and OIDC discovery go through the outbound policy and timeout. */
describe.each(testDialects())('IdP document fetches (%s)', (dialect) => {
  let t: TestInstance;
  let idp: DocumentServer;
  let slow: DocumentServer;
  let server: TestServer;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    const certificate = makeCertificate('policy-idp.example.com');
    idp = await startDocumentServer((_req, res, base) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(idpMetadataXml(`${base}/entity`, `${base}/sso`, certificate));
    });
    // Answers nothing: only the timeout ends the request.
    slow = await startDocumentServer(() => {});
    server = await startTestServer(dialect, { outbound: { timeoutMs: 300 } });
  });
  afterAll(async () => {
    await server?.close();
    await idp?.close();
    await slow?.close();
  });

  it('a production instance may not fetch metadata from a loopback address', async () => {
    const production = await useProductionInstance(t);
    const refused = await production.api.fail(
      'CreateSAMLConnection',
      {
        body: {
          name: 'Prod',
          provider: 'saml_custom',
          domains: [`policy-${process.pid}.example.com`],
          idp_metadata_url: `${idp.url}/metadata`,
        },
      },
      422,
      'saml_metadata_fetch_failed',
    );
    expect(refused.errors[0]!.long_message).toContain('127.0.0.1 is not allowed');
    expect(idp.seen).toEqual([]);
  });

  it('a metadata URL that does not answer in time is refused; a silent issuer is kept', async () => {
    const started = Date.now();
    const timedOut = await server.api.fail(
      'CreateSAMLConnection',
      {
        body: {
          name: 'Slow',
          provider: 'saml_custom',
          domains: [`slow-${process.pid}.example.com`],
          idp_metadata_url: `${slow.url}/metadata`,
        },
      },
      422,
      'saml_metadata_fetch_failed',
    );
    expect(timedOut.errors[0]!.long_message).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
    const oidc = await server.api.ok('CreateEnterpriseConnection', {
      body: {
        name: 'Slow OIDC',
        provider: 'oidc_custom',
        domains: [`slow-oidc-${process.pid}.example.com`],
        oidc: { client_id: 'c', discovery_url: `${slow.url}/.well-known/openid-configuration` },
      },
    });
    expect(oidc.oauth_config).toMatchObject({
      discovery_url: `${slow.url}/.well-known/openid-configuration`,
      auth_url: null,
    });
  });
});

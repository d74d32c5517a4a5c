import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import {
  idpMetadataXml,
  makeCertificate,
  startDocumentServer,
  type DocumentServer,
  type TestCertificate,
} from './idp-fixtures.js';

let counter = 0;
const uniqueDomain = () => `ent${(counter += 1)}-${process.pid}.example.org`;

describe.each(testDialects())('Enterprise connections (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  let certificate: TestCertificate;
  let issuer: DocumentServer;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
    certificate = makeCertificate('idp.example.org');
    issuer = await startDocumentServer((req, res, base) => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/good/.well-known/openid-configuration') {
        json(200, {
          issuer: `${base}/good`,
          authorization_endpoint: `${base}/good/authorize`,
          token_endpoint: `${base}/good/token`,
          userinfo_endpoint: `${base}/good/userinfo`,
          jwks_uri: `${base}/good/jwks`,
        });
      } else if (req.url === '/liar/.well-known/openid-configuration') {
        json(200, {
          issuer: 'https://someone-else.example.com',
          authorization_endpoint: `${base}/a`,
          token_endpoint: `${base}/t`,
          jwks_uri: `${base}/j`,
        });
      } else if (req.url === '/html/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  afterAll(async () => issuer?.close());

  const samlBody = (domains = [uniqueDomain()]) => ({
    name: 'Okta',
    provider: 'saml_okta' as const,
    domains,
    saml: { idp_metadata: idpMetadataXml('urn:okta', 'https://okta.example.org/sso', certificate) },
  });

  describe('SAML', () => {
    it('creates a SAML connection (201) that the SAML API sees, and the other way round', async () => {
      const created = await api.ok('CreateEnterpriseConnection', {
        body: { ...samlBody(), active: true, saml: { ...samlBody().saml, force_authn: true } },
      });
      expect(created).toMatchObject({
        object: 'enterprise_connection',
        id: expect.stringMatching(/^ent_/),
        provider: 'saml_okta',
        active: true,
        authenticatable: true,
        oauth_config: null,
        saml_connection: {
          id: expect.stringMatching(/^samlc_/),
          idp_entity_id: 'urn:okta',
          idp_sso_url: 'https://okta.example.org/sso',
          force_authn: true,
          active: true,
        },
      });
      const saml = await api.ok('GetSAMLConnection', {
        params: { saml_connection_id: created.saml_connection!.id! },
      });
      expect(saml).toMatchObject({
        enterprise_connection_id: created.id,
        domains: created.domains,
        force_authn: true,
        sp_entity_id: created.saml_connection!.sp_entity_id,
      });

      const fromSaml = await api.ok('CreateSAMLConnection', {
        body: { name: 'Old API', provider: 'saml_custom', domains: [uniqueDomain()] },
      });
      const seen = await api.ok('GetEnterpriseConnection', {
        params: { enterprise_connection_id: fromSaml.enterprise_connection_id! },
      });
      expect(seen).toMatchObject({ name: 'Old API', saml_connection: { id: fromSaml.id } });
    });

    it('refuses activation without IdP config, a taken domain, an oidc object, bad metadata', async () => {
      const domain = uniqueDomain();
      await api.ok('CreateEnterpriseConnection', { body: { ...samlBody([domain]), active: true } });
      await api.fail(
        'CreateEnterpriseConnection',
        { body: { ...samlBody([domain]), active: true } },
        422,
        'enterprise_connection_domain_taken',
      );
      // An inactive one may share it.
      await api.ok('CreateEnterpriseConnection', { body: samlBody([domain]) });
      await api.fail(
        'CreateEnterpriseConnection',
        { body: { name: 'x', provider: 'saml_custom', domains: [uniqueDomain()], active: true } },
        422,
        'form_param_value_invalid',
      );
      await api.fail(
        'CreateEnterpriseConnection',
        { body: { ...samlBody(), oidc: { client_id: 'x' } } },
        422,
        'form_param_value_invalid',
      );
      const bad = await api.fail(
        'CreateEnterpriseConnection',
        { body: { ...samlBody(), saml: { idp_metadata: 'not xml <' } } },
        422,
        'saml_metadata_invalid',
      );
      expect(bad.errors[0]!.meta).toEqual({ param_name: 'saml.idp_metadata' });
    });

    it('updates settings; empty domains changes nothing; an organization links by ID', async () => {
      await enableOrganizations(api);
      const organization = await createTestOrganization(api);
      const created = await api.ok('CreateEnterpriseConnection', { body: samlBody() });
      const updated = await api.ok('UpdateEnterpriseConnection', {
        params: { enterprise_connection_id: created.id },
        body: {
          name: 'Renamed',
          domains: [],
          organization_id: organization.id,
          sync_user_attributes: false,
          saml: { allow_idp_initiated: true, attribute_mapping: { email_address: 'upn' } },
        },
      });
      expect(updated).toMatchObject({
        name: 'Renamed',
        domains: created.domains,
        organization_id: organization.id,
        sync_user_attributes: false,
        saml_connection: { allow_idp_initiated: true },
      });
      const saml = await api.ok('GetSAMLConnection', {
        params: { saml_connection_id: created.saml_connection!.id! },
      });
      expect(saml.attribute_mapping?.email_address).toBe('upn');
      await api.fail(
        'UpdateEnterpriseConnection',
        { params: { enterprise_connection_id: created.id }, body: { organization_id: 'org_nope' } },
        404,
        'resource_not_found',
      );
      const listed = await api.ok('ListEnterpriseConnections', {
        query: { organization_id: organization.id },
      });
      expect(listed.data.map((c) => c.id)).toEqual([created.id]);
      expect(listed.total_count).toBe(1);
      // Deleting the organization unlinks the connection; the connection stays.
      await api.ok('DeleteOrganization', { params: { organization_id: organization.id } });
      const unlinked = await api.ok('GetEnterpriseConnection', {
        params: { enterprise_connection_id: created.id },
      });
      expect(unlinked.organization_id).toBeNull();
    });
  });

  describe('OIDC', () => {
    it('fetches and checks the discovery document; its endpoints fill the config', async () => {
      const created = await api.ok('CreateEnterpriseConnection', {
        body: {
          name: 'Corp OIDC',
          provider: 'oidc_custom',
          domains: [uniqueDomain()],
          oidc: {
            client_id: 'client-1',
            client_secret: 'shh',
            discovery_url: `${issuer.url}/good/.well-known/openid-configuration`,
          },
        },
      });
      expect(created).toMatchObject({
        provider: 'oidc_custom',
        saml_connection: null,
        oauth_config: {
          id: expect.stringMatching(/^oac_/),
          provider_key: 'oidc_custom',
          client_id: 'client-1',
          auth_url: `${issuer.url}/good/authorize`,
          token_url: `${issuer.url}/good/token`,
          user_info_url: `${issuer.url}/good/userinfo`,
          // PKCE unless turned off: a confidential client may turn it off.
          requires_pkce: true,
        },
      });
      expect(JSON.stringify(created)).not.toContain('shh');
      const noPkce = await api.ok('UpdateEnterpriseConnection', {
        params: { enterprise_connection_id: created.id },
        body: { oidc: { requires_pkce: false } },
      });
      expect(noPkce.oauth_config).toMatchObject({ requires_pkce: false, client_id: 'client-1' });
      const stored = await t.database.db
        .selectFrom('enterprise_connections')
        .select('oidc_client_secret')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(stored.oidc_client_secret).not.toBe('shh');
      // OIDC connections are no SAML connections.
      const saml = await api.ok('ListSAMLConnections', { query: { limit: 500 } });
      expect(saml.data.map((c) => c.enterprise_connection_id)).not.toContain(created.id);
    });

    it('refuses a document whose issuer differs, or that is not JSON; accepts an unreachable one', async () => {
      const body = (url: string) => ({
        name: 'x',
        provider: 'oidc_custom' as const,
        domains: [uniqueDomain()],
        oidc: { client_id: 'c', discovery_url: url },
      });
      const liar = await api.fail(
        'CreateEnterpriseConnection',
        { body: body(`${issuer.url}/liar/.well-known/openid-configuration`) },
        422,
        'oidc_discovery_invalid',
      );
      expect(liar.errors[0]!.meta).toEqual({ param_name: 'oidc.discovery_url' });
      await api.fail(
        'CreateEnterpriseConnection',
        { body: body(`${issuer.url}/html/.well-known/openid-configuration`) },
        422,
        'oidc_discovery_invalid',
      );
      // Nothing listens on port 1: unreachable, so kept unchecked.
      const unreachable = await api.ok('CreateEnterpriseConnection', {
        body: body('http://127.0.0.1:1/.well-known/openid-configuration'),
      });
      expect(unreachable.oauth_config).toMatchObject({ auth_url: null, requires_pkce: true });
      await api.fail(
        'CreateEnterpriseConnection',
        {
          body: {
            ...body('http://127.0.0.1:1/.well-known/openid-configuration'),
            oidc: { client_id: 'c', requires_pkce: false },
          },
        },
        422,
        'form_param_value_invalid',
      );
    });
  });

  describe('test runs', () => {
    it('records a pending run and answers the URL that starts the IdP flow', async () => {
      const created = await api.ok('CreateEnterpriseConnection', { body: samlBody() });
      const { url } = await api.ok('CreateEnterpriseConnectionTestRun', {
        params: { enterprise_connection_id: created.id },
      });
      const start = new URL(url);
      expect(`${start.origin}${start.pathname}`).toBe('https://okta.example.org/sso');
      const request = inflateRawSync(
        Buffer.from(start.searchParams.get('SAMLRequest')!, 'base64'),
      ).toString('utf8');
      expect(request).toContain(
        `AssertionConsumerServiceURL="${created.saml_connection!.acs_url}"`,
      );
      expect(request).toContain(
        `<saml:Issuer>${created.saml_connection!.sp_entity_id}</saml:Issuer>`,
      );
      const runs = await api.ok('ListEnterpriseConnectionTestRuns', {
        params: { enterprise_connection_id: created.id },
      });
      expect(runs.total_count).toBe(1);
      expect(runs.data[0]).toMatchObject({
        id: start.searchParams.get('RelayState'),
        status: 'pending',
        connection_type: 'saml',
      });
    });

    it('records a failed run for a connection without IdP config (422), filtered by status', async () => {
      const created = await api.ok('CreateEnterpriseConnection', {
        body: { name: 'Bare', provider: 'saml_custom', domains: [uniqueDomain()] },
      });
      const params = { enterprise_connection_id: created.id };
      await api.fail(
        'CreateEnterpriseConnectionTestRun',
        { params },
        422,
        'enterprise_connection_not_configured',
      );
      const failed = await api.ok('ListEnterpriseConnectionTestRuns', {
        params,
        query: { status: ['failed'] },
      });
      expect(failed.data).toHaveLength(1);
      expect(failed.data[0]!.logs![0]).toMatchObject({
        level: 'error',
        code: 'configuration_missing',
      });
      const pending = await api.ok('ListEnterpriseConnectionTestRuns', {
        params,
        query: { status: ['pending'] },
      });
      expect(pending).toEqual({ data: [], total_count: 0 });
    });
  });

  it('answers 404 for unknown IDs; delete removes the SAML view too', async () => {
    const missing = { enterprise_connection_id: 'ent_missing' };
    await api.fail('GetEnterpriseConnection', { params: missing }, 404, 'resource_not_found');
    await api.fail('UpdateEnterpriseConnection', { params: missing, body: { name: 'x' } }, 404);
    await api.fail('DeleteEnterpriseConnection', { params: missing }, 404, 'resource_not_found');
    await api.fail('ListEnterpriseConnectionTestRuns', { params: missing }, 404);
    await api.fail('CreateEnterpriseConnectionTestRun', { params: missing }, 404);
    const created = await api.ok('CreateEnterpriseConnection', { body: samlBody() });
    expect(
      await api.ok('DeleteEnterpriseConnection', {
        params: { enterprise_connection_id: created.id },
      }),
    ).toEqual({ object: 'enterprise_connection', id: created.id, deleted: true });
    await api.fail(
      'GetSAMLConnection',
      { params: { saml_connection_id: created.saml_connection!.id! } },
      404,
    );
    const inactive = await api.ok('ListEnterpriseConnections', { query: { active: false } });
    expect(inactive.data.every((c) => !c.active)).toBe(true);
  });
});

import { XMLParser } from 'fast-xml-parser';
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
const uniqueDomain = () => `corp${(counter += 1)}-${process.pid}.example.com`;

describe.each(testDialects())('SAML connections (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  let certificate: TestCertificate;
  let idp: DocumentServer;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
    certificate = makeCertificate('idp.example.com');
    idp = await startDocumentServer((req, res, base) => {
      if (req.url === '/metadata') {
        res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
        res.end(idpMetadataXml(`${base}/entity`, `${base}/sso`, certificate));
      } else if (req.url === '/broken') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<md:EntityDescriptor><unclosed>');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  afterAll(async () => idp?.close());

  const create = (body: Record<string, unknown>) =>
    api.ok('CreateSAMLConnection', {
      body: { name: 'Acme SSO', provider: 'saml_custom', domains: [uniqueDomain()], ...body },
    });

  describe('CreateSAMLConnection', () => {
    it('takes the IdP as single fields; the certificate dates come from the X.509 itself', async () => {
      const domain = uniqueDomain();
      const created = await api.ok('CreateSAMLConnection', {
        body: {
          name: 'Acme SSO',
          provider: 'saml_okta',
          domains: [domain.toUpperCase()],
          idp_entity_id: 'https://idp.example.com/entity',
          idp_sso_url: 'https://idp.example.com/sso',
          idp_certificate: certificate.pem,
        },
      });
      const issued = Date.parse(
        new (await import('node:crypto')).X509Certificate(certificate.pem).validFrom,
      );
      const base = `http://localhost/saml/${created.id}`;
      expect(created).toMatchObject({
        object: 'saml_connection',
        id: expect.stringMatching(/^samlc_[0-9A-Za-z]{27}$/),
        name: 'Acme SSO',
        provider: 'saml_okta',
        domain,
        domains: [domain],
        idp_entity_id: 'https://idp.example.com/entity',
        idp_sso_url: 'https://idp.example.com/sso',
        idp_certificate: expect.stringContaining('-----BEGIN CERTIFICATE-----'),
        idp_certificate_issued_at: issued,
        idp_certificate_expires_at: expect.any(Number),
        idp_metadata_url: null,
        idp_metadata: null,
        acs_url: `${base}/acs`,
        sp_entity_id: base,
        sp_metadata_url: `${base}/metadata`,
        organization_id: null,
        active: false,
        authenticatable: false,
        user_count: 0,
        sync_user_attributes: true,
        allow_subdomains: false,
        allow_idp_initiated: false,
        force_authn: false,
        login_hint: { mode: 'email_address' },
        attribute_mapping: {
          user_id: '',
          email_address: 'mail',
          first_name: 'firstName',
          last_name: 'lastName',
        },
        enterprise_connection_id: expect.stringMatching(/^ent_/),
      });
      expect(created.idp_certificate_expires_at! - issued).toBeGreaterThan(364 * 86_400_000);
      expect(
        await api.ok('GetSAMLConnection', { params: { saml_connection_id: created.id } }),
      ).toEqual(created);
    });

    it('reads entity ID, SSO URL (HTTP-Redirect) and certificate from inline metadata', async () => {
      const xml = idpMetadataXml('urn:idp:inline', 'https://idp.example.com/saml/sso', certificate);
      const created = await create({
        idp_metadata: xml,
        attribute_mapping: { email_address: 'email' },
      });
      expect(created).toMatchObject({
        idp_entity_id: 'urn:idp:inline',
        idp_sso_url: 'https://idp.example.com/saml/sso',
        idp_metadata: xml,
        idp_certificate_expires_at: expect.any(Number),
        attribute_mapping: { email_address: 'email', first_name: 'firstName' },
      });
    });

    it('fetches idp_metadata_url from a loopback IdP (development instance)', async () => {
      const created = await create({ idp_metadata_url: `${idp.url}/metadata` });
      expect(created).toMatchObject({
        idp_entity_id: `${idp.url}/entity`,
        idp_sso_url: `${idp.url}/sso`,
        idp_metadata_url: `${idp.url}/metadata`,
      });
      expect(idp.seen).toContain('/metadata');
    });

    it('refuses metadata that is not XML, or XML that is not IdP metadata, naming the field', async () => {
      const bad = await api.fail(
        'CreateSAMLConnection',
        {
          body: {
            name: 'x',
            provider: 'saml_custom',
            domains: [uniqueDomain()],
            idp_metadata: '<a><b></a>',
          },
        },
        422,
        'saml_metadata_invalid',
      );
      expect(bad.errors[0]!.meta).toEqual({ param_name: 'idp_metadata' });
      const notIdp = await api.fail(
        'CreateSAMLConnection',
        {
          body: {
            name: 'x',
            provider: 'saml_custom',
            domains: [uniqueDomain()],
            idp_metadata: '<root/>',
          },
        },
        422,
        'saml_metadata_invalid',
      );
      expect(notIdp.errors[0]!.long_message).toContain('IDPSSODescriptor');
      await api.fail(
        'CreateSAMLConnection',
        {
          body: {
            name: 'x',
            provider: 'saml_custom',
            domains: [uniqueDomain()],
            idp_metadata_url: `${idp.url}/broken`,
          },
        },
        422,
        'saml_metadata_invalid',
      );
      const missing = await api.fail(
        'CreateSAMLConnection',
        {
          body: {
            name: 'x',
            provider: 'saml_custom',
            domains: [uniqueDomain()],
            idp_metadata_url: `${idp.url}/nothing`,
          },
        },
        422,
        'saml_metadata_fetch_failed',
      );
      expect(missing.errors[0]!.meta).toEqual({ param_name: 'idp_metadata_url' });
    });

    it('refuses a certificate that is not X.509, and one that has expired', async () => {
      const body = { name: 'x', provider: 'saml_custom' as const, domains: [uniqueDomain()] };
      const invalid = await api.fail(
        'CreateSAMLConnection',
        { body: { ...body, idp_certificate: 'bm90IGEgY2VydGlmaWNhdGU=' } },
        422,
        'saml_certificate_invalid',
      );
      expect(invalid.errors[0]!.meta).toEqual({ param_name: 'idp_certificate' });
      const shortLived = makeCertificate('short.example.com', 1);
      t.clock.set(Date.now() + 3 * 86_400_000);
      try {
        const expired = await api.fail(
          'CreateSAMLConnection',
          { body: { ...body, idp_certificate: shortLived.pem } },
          422,
          'saml_certificate_expired',
        );
        expect(expired.errors[0]!.meta).toEqual({ param_name: 'idp_certificate' });
      } finally {
        t.clock.useRealTime();
      }
    });

    it('links an existing organization; an unknown one is a 404', async () => {
      await enableOrganizations(api);
      const organization = await createTestOrganization(api);
      const linked = await create({ organization_id: organization.id });
      expect(linked.organization_id).toBe(organization.id);
      await api.fail(
        'CreateSAMLConnection',
        {
          body: {
            name: 'x',
            provider: 'saml_custom',
            domains: [uniqueDomain()],
            organization_id: 'org_unknown',
          },
        },
        404,
        'resource_not_found',
      );
      const filtered = await api.ok('ListSAMLConnections', {
        query: { organization_id: [organization.id] },
      });
      expect(filtered.data.map((c) => c.id)).toEqual([linked.id]);
      const excluded = await api.ok('ListSAMLConnections', {
        query: { organization_id: [`-${organization.id}`] },
      });
      expect(excluded.data.map((c) => c.id)).not.toContain(linked.id);
    });

    it('refuses a bad domain, a missing domain and an OIDC provider', async () => {
      await api.fail(
        'CreateSAMLConnection',
        { body: { name: 'x', provider: 'saml_custom', domains: ['not a domain'] } },
        422,
      );
      await api.fail(
        'CreateSAMLConnection',
        { body: { name: 'x', provider: 'saml_custom' } as never },
        422,
      );
    });
  });

  describe('UpdateSAMLConnection', () => {
    it('activates a configured connection; a domain belongs to one active connection only', async () => {
      const domain = uniqueDomain();
      const xml = idpMetadataXml('urn:idp:a', 'https://idp.example.com/a', certificate);
      const first = await create({ domains: [domain], idp_metadata: xml });
      const second = await create({ domains: [domain], idp_metadata: xml });
      const active = await api.ok('UpdateSAMLConnection', {
        params: { saml_connection_id: first.id },
        body: {
          active: true,
          allow_subdomains: true,
          force_authn: true,
          login_hint: { mode: 'off' },
        },
      });
      expect(active).toMatchObject({
        active: true,
        authenticatable: true,
        allow_subdomains: true,
        force_authn: true,
        login_hint: { mode: 'off' },
        updated_at: expect.any(Number),
      });
      const taken = await api.fail(
        'UpdateSAMLConnection',
        { params: { saml_connection_id: second.id }, body: { active: true } },
        422,
        'enterprise_connection_domain_taken',
      );
      expect(taken.errors[0]!.long_message).toContain(domain);
      // Once the first lets it go, the second may take it.
      await api.ok('UpdateSAMLConnection', {
        params: { saml_connection_id: first.id },
        body: { active: false },
      });
      await api.ok('UpdateSAMLConnection', {
        params: { saml_connection_id: second.id },
        body: { active: true },
      });
    });

    it('cannot activate a connection without its IdP configuration', async () => {
      const bare = await create({});
      const error = await api.fail(
        'UpdateSAMLConnection',
        { params: { saml_connection_id: bare.id }, body: { active: true } },
        422,
        'form_param_value_invalid',
      );
      expect(error.errors[0]!.meta).toEqual({ param_name: 'active' });
    });

    it('changes only the fields sent; unknown IDs are 404', async () => {
      const created = await create({ idp_entity_id: 'urn:before' });
      const updated = await api.ok('UpdateSAMLConnection', {
        params: { saml_connection_id: created.id },
        body: {
          name: 'Renamed',
          idp_sso_url: 'https://idp.example.com/new',
          attribute_mapping: { first_name: 'given' },
        },
      });
      expect(updated).toMatchObject({
        name: 'Renamed',
        idp_entity_id: 'urn:before',
        idp_sso_url: 'https://idp.example.com/new',
        attribute_mapping: { first_name: 'given', email_address: 'mail' },
        domains: created.domains,
      });
      await api.fail(
        'UpdateSAMLConnection',
        { params: { saml_connection_id: 'samlc_missing' }, body: { name: 'x' } },
        404,
        'resource_not_found',
      );
      await api.fail(
        'GetSAMLConnection',
        { params: { saml_connection_id: 'samlc_missing' } },
        404,
        'resource_not_found',
      );
      await api.fail(
        'DeleteSAMLConnection',
        { params: { saml_connection_id: 'samlc_missing' } },
        404,
        'resource_not_found',
      );
    });
  });

  describe('the SP metadata', () => {
    it('is served at sp_metadata_url without a key; parsed, it names the entity ID and ACS URL', async () => {
      const created = await create({});
      const path = new URL(created.sp_metadata_url).pathname;
      const response = await t.app.inject({ method: 'GET', url: path });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('application/samlmetadata+xml');
      const parsed = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        removeNSPrefix: true,
      }).parse(response.body);
      expect(parsed.EntityDescriptor.entityID).toBe(created.sp_entity_id);
      const acs = parsed.EntityDescriptor.SPSSODescriptor.AssertionConsumerService;
      expect(acs.Location).toBe(created.acs_url);
      expect(acs.Binding).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
      const unknown = await t.app.inject({ method: 'GET', url: '/saml/samlc_missing/metadata' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().errors[0].code).toBe('resource_not_found');
    });
  });

  describe('ListSAMLConnections and DeleteSAMLConnection', () => {
    it('lists newest first with total_count, filters by name; delete removes it', async () => {
      const marker = `Needle ${process.pid} ${dialect}`;
      const a = await create({ name: `${marker} A` });
      const b = await create({ name: `${marker} B` });
      const page = await api.ok('ListSAMLConnections', { query: { query: marker.toLowerCase() } });
      expect(page.data.map((c) => c.id)).toEqual([b.id, a.id]);
      expect(page.total_count).toBe(2);
      const oldest = await api.ok('ListSAMLConnections', {
        query: { query: marker, order_by: '+created_at', limit: 1 },
      });
      expect(oldest.data.map((c) => c.id)).toEqual([a.id]);
      expect(oldest.total_count).toBe(2);
      expect(
        await api.ok('DeleteSAMLConnection', { params: { saml_connection_id: a.id } }),
      ).toEqual({
        object: 'saml_connection',
        id: a.id,
        deleted: true,
      });
      await api.fail(
        'GetEnterpriseConnection',
        { params: { enterprise_connection_id: a.enterprise_connection_id! } },
        404,
      );
      await api.fail('ListSAMLConnections', { query: { order_by: 'email_address' } }, 422);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { idpMetadataXml, makeCertificate } from './idp-fixtures.js';

let counter = 0;
const domain = () => `backend${(counter += 1)}-${process.pid}.example.com`;

/** The official client's SAML and enterprise connection calls, unchanged, against Castellan. */
describe.each(testDialects())(
  '@clerk/backend samlConnections and enterpriseConnections against Castellan (%s)',
  (dialect) => {
    const suite = useClerkBackend(dialect);
    const certificate = makeCertificate('backend-idp.example.com');

    it('samlConnections: creates, reads, lists, updates and deletes', async () => {
      const { samlConnections } = suite.clerk;
      const created = await samlConnections.createSamlConnection({
        name: 'Backend SAML',
        provider: 'saml_custom',
        domain: domain(),
        idpEntityId: 'urn:backend:idp',
        idpSsoUrl: 'https://idp.example.com/sso',
        idpCertificate: certificate.pem,
        attributeMapping: { emailAddress: 'email' },
      });
      expect(created.id).toMatch(/^samlc_/);
      expect(created).toMatchObject({
        name: 'Backend SAML',
        idpEntityId: 'urn:backend:idp',
        idpSsoUrl: 'https://idp.example.com/sso',
        active: false,
        acsUrl: `${suite.apiUrl}/saml/${created.id}/acs`,
        spEntityId: `${suite.apiUrl}/saml/${created.id}`,
        spMetadataUrl: `${suite.apiUrl}/saml/${created.id}/metadata`,
      });
      expect(created.attributeMapping.emailAddress).toBe('email');

      // The SP metadata is really served where the connection says.
      const metadata = await fetch(created.spMetadataUrl);
      expect(metadata.status).toBe(200);
      expect(await metadata.text()).toContain(`Location="${created.acsUrl}"`);

      expect((await samlConnections.getSamlConnection(created.id)).id).toBe(created.id);
      const list = await samlConnections.getSamlConnectionList({ query: 'backend saml' });
      expect([list.totalCount, list.data.map((c) => c.id)]).toEqual([1, [created.id]]);
      const updated = await samlConnections.updateSamlConnection(created.id, {
        active: true,
        allowSubdomains: true,
        idpMetadata: idpMetadataXml('urn:backend:new', 'https://idp.example.com/new', certificate),
      });
      expect([updated.active, updated.allowSubdomains, updated.idpEntityId]).toEqual([
        true,
        true,
        'urn:backend:new',
      ]);
      await samlConnections.deleteSamlConnection(created.id);
      await expect(samlConnections.getSamlConnection(created.id)).rejects.toMatchObject({
        status: 404,
      });
    });

    it('enterpriseConnections: creates, reads, lists, updates and deletes', async () => {
      const { enterpriseConnections } = suite.clerk;
      const created = await enterpriseConnections.createEnterpriseConnection({
        name: 'Backend enterprise',
        provider: 'saml_okta',
        domains: [domain()],
        saml: {
          idpMetadata: idpMetadataXml('urn:backend:ent', 'https://idp.example.com/e', certificate),
          forceAuthn: true,
        },
      });
      expect(created.id).toMatch(/^ent_/);
      expect(created).toMatchObject({ name: 'Backend enterprise', active: false });
      const read = await enterpriseConnections.getEnterpriseConnection(created.id);
      expect(read.id).toBe(created.id);
      const list = await enterpriseConnections.getEnterpriseConnectionList({ active: false });
      expect(list.data.map((c) => c.id)).toContain(created.id);
      const updated = await enterpriseConnections.updateEnterpriseConnection(created.id, {
        name: 'Renamed',
        active: true,
      });
      expect([updated.name, updated.active]).toEqual(['Renamed', true]);
      await enterpriseConnections.deleteEnterpriseConnection(created.id);
      await expect(enterpriseConnections.getEnterpriseConnection(created.id)).rejects.toMatchObject(
        { status: 404 },
      );
    });
  },
);

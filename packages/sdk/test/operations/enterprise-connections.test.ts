import { expect, it } from 'vitest';
import {
  idpMetadataXml,
  makeCertificate,
} from '../../../server/test/enterprise-connections/idp-fixtures.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

let counter = 0;
const domain = () => `sdk${(counter += 1)}-${process.pid}.example.net`;

describeOperations('enterprise-connections', (s) => {
  const certificate = makeCertificate('sdk-idp.example.net');
  const metadata = idpMetadataXml('urn:sdk:idp', 'https://idp.example.net/sso', certificate);

  it('creates, reads, lists, updates and deletes a SAML connection', async () => {
    const created = await s.sdk.samlConnections.createSAMLConnection({
      name: 'SDK SAML',
      provider: 'saml_custom',
      domains: [domain()],
      idp_metadata: metadata,
    });
    expect(created).toMatchObject({
      object: 'saml_connection',
      idp_entity_id: 'urn:sdk:idp',
      idp_sso_url: 'https://idp.example.net/sso',
      active: false,
    });
    const params = { saml_connection_id: created.id as string };
    expect((await s.sdk.samlConnections.getSAMLConnection(params)).name).toBe('SDK SAML');
    const list = await s.sdk.samlConnections.listSAMLConnections({ query: 'sdk saml' });
    expect([list.total_count, list.data.map((c) => c.id)]).toEqual([1, [created.id]]);
    const updated = await s.sdk.samlConnections.updateSAMLConnection({
      ...params,
      active: true,
      allow_idp_initiated: true,
    });
    expect([updated.active, updated.allow_idp_initiated]).toEqual([true, true]);
    expect(await s.sdk.samlConnections.deleteSAMLConnection(params)).toEqual({
      object: 'saml_connection',
      id: created.id,
      deleted: true,
    });
    await expectClerkError(
      s.sdk.samlConnections.getSAMLConnection(params),
      404,
      'resource_not_found',
    );
  });

  it('creates, reads, lists, updates, tests and deletes an enterprise connection', async () => {
    const created = await s.sdk.enterpriseConnections.createEnterpriseConnection({
      name: 'SDK enterprise',
      provider: 'saml_okta',
      domains: [domain()],
      saml: { idp_metadata: metadata },
    });
    expect(created).toMatchObject({
      object: 'enterprise_connection',
      saml_connection: { idp_entity_id: 'urn:sdk:idp' },
    });
    const params = { enterprise_connection_id: created.id };
    expect((await s.sdk.enterpriseConnections.getEnterpriseConnection(params)).id).toBe(created.id);
    const list = await s.sdk.enterpriseConnections.listEnterpriseConnections({ active: false });
    expect(list.data.map((c) => c.id)).toContain(created.id);
    const updated = await s.sdk.enterpriseConnections.updateEnterpriseConnection({
      ...params,
      name: 'Renamed',
      active: true,
    });
    expect([updated.name, updated.active]).toEqual(['Renamed', true]);
    const run = await s.sdk.enterpriseConnections.createEnterpriseConnectionTestRun(params);
    expect(run.url).toMatch(/^https:\/\/idp\.example\.net\/sso\?SAMLRequest=/);
    const runs = await s.sdk.enterpriseConnections.listEnterpriseConnectionTestRuns(params);
    expect(runs.data.map((r) => r.status)).toEqual(['pending']);
    expect(await s.sdk.enterpriseConnections.deleteEnterpriseConnection(params)).toEqual({
      object: 'enterprise_connection',
      id: created.id,
      deleted: true,
    });
    await expectClerkError(
      s.sdk.enterpriseConnections.createEnterpriseConnection({
        name: 'Bad',
        provider: 'saml_custom',
        domains: [domain()],
        saml: { idp_certificate: 'not a certificate' },
      }),
      422,
      'saml_certificate_invalid',
    );
  });
});

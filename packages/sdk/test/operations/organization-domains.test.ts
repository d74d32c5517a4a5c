import { beforeAll, expect, it } from 'vitest';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('organization-domains', (s) => {
  let orgId: string;
  beforeAll(async () => {
    await s.sdk.instanceSettings.updateInstanceOrganizationSettings({
      enabled: true,
      domains_enabled: true,
      domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
    });
    orgId = (await s.sdk.organizations.createOrganization({ name: 'Domains' })).id;
  });

  it('adds, lists, updates, verifies and deletes an organization domain', async () => {
    const name = `sdk-${s.dialect}.example.com`;
    const domain = await s.sdk.organizationDomains.createOrganizationDomain({
      organization_id: orgId,
      name,
      enrollment_mode: 'manual_invitation',
    });
    expect(domain).toMatchObject({
      object: 'organization_domain',
      name,
      organization_id: orgId,
      enrollment_mode: 'manual_invitation',
    });
    const params = { organization_id: orgId, domain_id: domain.id };
    const listed = await s.sdk.organizationDomains.listOrganizationDomains({
      organization_id: orgId,
    });
    expect(listed.data.map((d) => d.id)).toEqual([domain.id]);
    const everywhere = await s.sdk.organizationDomains.listAllOrganizationDomains({
      organization_id: orgId,
    });
    expect(everywhere.data.map((d) => d.id)).toEqual([domain.id]);
    const updated = await s.sdk.organizationDomain.updateOrganizationDomain({
      ...params,
      enrollment_mode: 'automatic_suggestion',
    });
    expect([updated.id, updated.enrollment_mode]).toEqual([domain.id, 'automatic_suggestion']);
    const owned = await s.sdk.organizationDomains.verifyOrganizationDomainOwnership(params);
    expect(owned.ownership_verification).toMatchObject({
      status: 'verified',
      strategy: 'manual_override',
    });
    expect(await s.sdk.organizationDomains.deleteOrganizationDomain(params)).toMatchObject({
      object: 'organization_domain',
      id: domain.id,
      deleted: true,
    });
    await expectClerkError(
      s.sdk.organizationDomain.updateOrganizationDomain({ ...params, verified: true }),
      404,
      'resource_not_found',
    );
  });

  it('refuses an enrollment mode the instance does not allow', async () => {
    await expectClerkError(
      s.sdk.organizationDomains.createOrganizationDomain({
        organization_id: orgId,
        name: `sso-${s.dialect}.example.com`,
        enrollment_mode: 'enterprise_sso',
      }),
      403,
      'organization_domain_enrollment_mode_not_enabled',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';

/**
 * The official client's organization-domain calls, unchanged (COMPAT.md). @clerk/backend
 * 3.25 has no deserializer case for `organization_domain`: it hands back the JSON as sent,
 * so the fields read here are the wire's snake_case ones.
 */
type Wire = Record<string, unknown> & { id: string };

describe.each(testDialects())('@clerk/backend organization domains (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  it('creates (verified by default), lists, updates and deletes a domain', async () => {
    await suite.server.api.ok('UpdateInstanceOrganizationSettings', {
      body: {
        enabled: true,
        domains_enabled: true,
        domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
      },
    });
    const org = await suite.clerk.organizations.createOrganization({ name: 'SDK Org' });
    const domain = (await suite.clerk.organizations.createOrganizationDomain({
      organizationId: org.id,
      name: 'sdk-domain.test',
      enrollmentMode: 'automatic_invitation',
    })) as unknown as Wire;
    expect(domain).toMatchObject({
      object: 'organization_domain',
      organization_id: org.id,
      name: 'sdk-domain.test',
      enrollment_mode: 'automatic_invitation',
      total_pending_invitations: 0,
      total_pending_suggestions: 0,
      affiliation_email_address: null,
      verification: { status: 'verified' },
    });

    const list = await suite.clerk.organizations.getOrganizationDomainList({
      organizationId: org.id,
    });
    expect(list.totalCount).toBe(1);
    expect(list.data.map((d) => (d as unknown as Wire).id)).toEqual([domain.id]);

    const updated = (await suite.clerk.organizations.updateOrganizationDomain({
      organizationId: org.id,
      domainId: domain.id,
      enrollmentMode: 'automatic_suggestion',
      verified: false,
    })) as unknown as Wire;
    expect(updated).toMatchObject({ enrollment_mode: 'automatic_suggestion', verification: null });

    const common = await suite.clerk.organizations
      .createOrganizationDomain({
        organizationId: org.id,
        name: 'gmail.com',
        enrollmentMode: 'manual_invitation',
      })
      .catch((e: unknown) => e);
    expect(common).toMatchObject({ status: 422, errors: [{ code: 'organization_domain_common' }] });

    const deleted = await suite.clerk.organizations.deleteOrganizationDomain({
      organizationId: org.id,
      domainId: domain.id,
    });
    expect(deleted).toMatchObject({ id: domain.id, deleted: true });
  });
});

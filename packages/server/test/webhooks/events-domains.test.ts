import { beforeAll, describe, expect, it } from 'vitest';
import { enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('organization domain events (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
    await enableOrganizations(api, {
      domains_enabled: true,
      domains_enrollment_modes: ['automatic_invitation', 'automatic_suggestion'],
    });
  });

  let counter = 0;
  const uniqueDomain = () => {
    counter += 1;
    return `events-${process.pid}-${counter}.test`;
  };

  it('create, update, verify and delete emit organizationDomain.*', async () => {
    const organization = await api.ok('CreateOrganization', { body: { name: 'Domain Org' } });
    const events = await watchEvents(t);
    const domain = await api.ok('CreateOrganizationDomain', {
      params: { organization_id: organization.id },
      body: { name: uniqueDomain(), enrollment_mode: 'manual_invitation', verified: false },
    });
    const params = { organization_id: organization.id, domain_id: domain.id };
    await api.ok('UpdateOrganizationDomain', {
      params,
      body: { enrollment_mode: 'automatic_suggestion' },
    });
    await api.ok('VerifyOrganizationDomainOwnership', { params });
    await api.ok('DeleteOrganizationDomain', { params });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'organizationDomain.created',
      'organizationDomain.updated',
      'organizationDomain.updated',
      'organizationDomain.deleted',
    ]);
    const [created, mode, owned] = recorded.map((e) => e.payload.data);
    expect(created).toEqual(domain);
    expect(mode.enrollment_mode).toBe('automatic_suggestion');
    expect(owned.ownership_verification.status).toBe('verified');
    expect(dataOf(recorded, 'organizationDomain.deleted')).toEqual({
      object: 'organization_domain',
      id: domain.id,
      deleted: true,
    });
  });

  it('a verified automatic_invitation domain invites the users at it (organizationInvitation.created)', async () => {
    const name = uniqueDomain();
    const user = await api.ok('CreateUser', {
      body: { email_address: [`someone@${name}`], skip_password_requirement: true },
    });
    const organization = await api.ok('CreateOrganization', { body: { name: 'Auto Org' } });
    const events = await watchEvents(t);
    await api.ok('CreateOrganizationDomain', {
      params: { organization_id: organization.id },
      body: { name, enrollment_mode: 'automatic_invitation', verified: true },
    });
    const recorded = await events.take();
    // The invitations come first: the domain's event counts them (total_pending_invitations).
    expect(typesOf(recorded)).toEqual([
      'organizationInvitation.created',
      'email.created',
      'organizationDomain.created',
    ]);
    expect(dataOf(recorded, 'organizationDomain.created').total_pending_invitations).toBe(1);
    expect(dataOf(recorded, 'organizationInvitation.created')).toMatchObject({
      email_address: `someone@${name}`,
      organization_id: organization.id,
      status: 'pending',
    });
    expect(user.email_addresses[0]!.email_address).toBe(`someone@${name}`);
  });

  it('a refused domain write emits nothing', async () => {
    const organization = await api.ok('CreateOrganization', { body: { name: 'Refusing Org' } });
    const events = await watchEvents(t);
    await api.fail(
      'CreateOrganizationDomain',
      { params: { organization_id: organization.id }, body: { name: 'not a domain' } },
      422,
    );
    await api.fail(
      'DeleteOrganizationDomain',
      { params: { organization_id: organization.id, domain_id: 'orgdmn_missing' } },
      404,
    );
    expect(await events.take()).toEqual([]);
  });
});

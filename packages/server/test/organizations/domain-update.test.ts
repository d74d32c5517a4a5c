import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import {
  createTestDomain,
  createTestOrganization,
  enableDomains,
  eventsOf,
  uniqueDomain,
} from './domain-helpers.js';

describe.each(testDialects())('changing organization domains (%s)', (dialect) => {
  let t: TestInstance;
  let orgId: string;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    await enableDomains(t);
    orgId = (await createTestOrganization(t.api)).id;
  });

  const params = (domainId: string, organizationId = orgId) => ({
    organization_id: organizationId,
    domain_id: domainId,
  });

  /** Tries each change (update, delete, verify ownership) on the domain; answers all three. */
  const changeEach = async (domainId: string, organizationId = orgId) => [
    await t.api.call('UpdateOrganizationDomain', {
      params: params(domainId, organizationId),
      body: { verified: false },
    }),
    await t.api.call('VerifyOrganizationDomainOwnership', {
      params: params(domainId, organizationId),
    }),
    await t.api.call('DeleteOrganizationDomain', { params: params(domainId, organizationId) }),
  ];

  it('changes the enrollment mode and the verification, recording organizationDomain.updated', async () => {
    const domain = await createTestDomain(t, orgId, { verified: false });
    t.clock.set(domain.created_at + 60_000);
    const verified = await t.api.ok('UpdateOrganizationDomain', {
      params: params(domain.id),
      body: { verified: true, enrollment_mode: 'automatic_suggestion' },
    });
    expect(verified).toMatchObject({
      id: domain.id,
      name: domain.name,
      enrollment_mode: 'automatic_suggestion',
      affiliation_verification: { status: 'verified', strategy: 'email_code' },
      updated_at: domain.created_at + 60_000,
      created_at: domain.created_at,
    });
    expect((await eventsOf(t, 'organizationDomain.updated')).at(-1)).toEqual(verified);
    // Absent or null fields keep their values.
    const same = await t.api.ok('UpdateOrganizationDomain', {
      params: params(domain.id),
      body: { enrollment_mode: null },
    });
    expect(same.enrollment_mode).toBe('automatic_suggestion');
    expect(same.affiliation_verification?.status).toBe('verified');
    const unverified = await t.api.ok('UpdateOrganizationDomain', {
      params: params(domain.id),
      body: { verified: false },
    });
    expect(unverified.affiliation_verification).toBeNull();
    t.clock.useRealTime();
  });

  it('refuses modes the instance does not enable, and unknown ones', async () => {
    const domain = await createTestDomain(t, orgId);
    await t.api.fail(
      'UpdateOrganizationDomain',
      { params: params(domain.id), body: { enrollment_mode: 'enterprise_sso' } },
      403,
      'organization_domain_enrollment_mode_not_enabled',
    );
    await t.api.fail(
      'UpdateOrganizationDomain',
      { params: params(domain.id), body: { enrollment_mode: 'sometimes' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('refuses to verify a domain another organization has verified', async () => {
    const name = uniqueDomain();
    const mine = await createTestDomain(t, orgId, { name, verified: false });
    const other = await createTestOrganization(t.api);
    await createTestDomain(t, other.id, { name });
    await t.api.fail(
      'UpdateOrganizationDomain',
      { params: params(mine.id), body: { verified: true } },
      422,
      'organization_domain_already_exists',
    );
    // The mode alone may still change.
    await t.api.ok('UpdateOrganizationDomain', {
      params: params(mine.id),
      body: { enrollment_mode: 'automatic_suggestion' },
    });
  });

  it('answers 404 for an unknown domain, or a domain of another organization', async () => {
    const other = await createTestOrganization(t.api);
    const theirs = await createTestDomain(t, other.id);
    for (const [domainId, organizationId] of [
      [theirs.id, orgId],
      ['orgdmn_unknown', orgId],
      [theirs.id, 'org_unknown'],
    ] as const) {
      for (const res of await changeEach(domainId, organizationId)) {
        expect(res.status).toBe(404);
        expect(res.body.errors[0].code).toBe('resource_not_found');
      }
    }
  });

  it('verifies ownership by manual override, once', async () => {
    const domain = await createTestDomain(t, orgId);
    t.clock.set(domain.created_at + 1000);
    const before = (await eventsOf(t, 'organizationDomain.updated')).length;
    const owned = await t.api.ok('VerifyOrganizationDomainOwnership', {
      params: params(domain.id),
    });
    expect(owned.ownership_verification).toEqual({
      status: 'verified',
      strategy: 'manual_override',
      attempts: null,
      expire_at: null,
      verified_at: domain.created_at + 1000,
    });
    expect(owned.affiliation_verification).toEqual(domain.affiliation_verification);
    t.clock.advance(5000);
    const again = await t.api.ok('VerifyOrganizationDomainOwnership', {
      params: params(domain.id),
    });
    expect(again).toEqual(owned);
    expect((await eventsOf(t, 'organizationDomain.updated')).length).toBe(before + 1);
    t.clock.useRealTime();
  });

  it('deletes a domain, recording organizationDomain.deleted', async () => {
    const domain = await createTestDomain(t, orgId);
    const deleted = await t.api.ok('DeleteOrganizationDomain', { params: params(domain.id) });
    expect(deleted).toEqual({ object: 'organization_domain', id: domain.id, deleted: true });
    expect((await eventsOf(t, 'organizationDomain.deleted')).at(-1)).toEqual(deleted);
    await t.api.fail('DeleteOrganizationDomain', { params: params(domain.id) }, 404);
    // Its name is free again.
    await createTestDomain(t, orgId, { name: domain.name });
  });

  it('deleting an organization deletes its domains in the same statement', async () => {
    const org = await createTestOrganization(t.api);
    const domain = await createTestDomain(t, org.id);
    await t.database.db
      .deleteFrom('organizations')
      .where('instance_id', '=', t.instanceId)
      .where('id', '=', org.id)
      .execute();
    const left = await t.database.db
      .selectFrom('organization_domains')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .where('id', '=', domain.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('refuses every change once domains are disabled', async () => {
    const domain = await createTestDomain(t, orgId);
    await t.api.ok('UpdateInstanceOrganizationSettings', { body: { domains_enabled: false } });
    for (const res of await changeEach(domain.id)) {
      expect(res.status).toBe(403);
      expect(res.body.errors[0].code).toBe('organization_domains_not_enabled');
    }
    await enableDomains(t);
  });
});

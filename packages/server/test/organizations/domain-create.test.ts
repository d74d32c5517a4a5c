import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import {
  createTestDomain,
  createTestOrganization,
  enableDomains,
  eventsOf,
  setMaxAllowedDomains,
  uniqueDomain,
} from './domain-helpers.js';

describe.each(testDialects())('creating organization domains (%s)', (dialect) => {
  let t: TestInstance;
  let orgId: string;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const create = (body: Record<string, unknown>, organizationId = orgId) =>
    t.api.call('CreateOrganizationDomain', { params: { organization_id: organizationId }, body });

  it('is refused while organizations, then their domains, are disabled', async () => {
    await t.api.fail(
      'CreateOrganizationDomain',
      { params: { organization_id: 'org_x' }, body: { name: 'acme.com' } },
      403,
      'organization_not_enabled_in_instance',
    );
    await t.api.ok('UpdateInstanceOrganizationSettings', { body: { enabled: true } });
    orgId = (await createTestOrganization(t.api)).id;
    await t.api.fail(
      'CreateOrganizationDomain',
      { params: { organization_id: orgId }, body: { name: 'acme.com' } },
      403,
      'organization_domains_not_enabled',
    );
    await enableDomains(t);
  });

  it('creates a verified domain by default, with its organization’s public data', async () => {
    const org = await createTestOrganization(t.api, { name: 'Acme Domains' });
    const domain = await t.api.ok('CreateOrganizationDomain', {
      params: { organization_id: org.id },
      body: { name: 'Example-Corp.TEST.', enrollment_mode: 'automatic_invitation' },
    });
    expect(domain).toMatchObject({
      object: 'organization_domain',
      organization_id: org.id,
      name: 'example-corp.test',
      enrollment_mode: 'automatic_invitation',
      affiliation_email_address: null,
      affiliation_verification: {
        status: 'verified',
        strategy: 'email_code',
        attempts: null,
        expire_at: null,
        verified_at: null,
      },
      ownership_verification: null,
      total_pending_invitations: 0,
      total_pending_suggestions: 0,
      public_organization_data: {
        id: org.id,
        name: 'Acme Domains',
        slug: org.slug,
        has_image: false,
      },
    });
    expect(domain.verification).toEqual(domain.affiliation_verification);
    expect(domain.id).toMatch(/^orgdmn_[0-9A-Za-z]{27}$/);
    expect(domain.created_at).toBe(domain.updated_at);
    const events = await eventsOf(t, 'organizationDomain.created');
    expect(events.at(-1)).toEqual(domain);
  });

  it('creates an unverified domain with no affiliation verification yet', async () => {
    const domain = await createTestDomain(t, orgId, { verified: false });
    expect(domain.affiliation_verification).toBeNull();
    expect(domain.verification).toBeNull();
  });

  it('stores an internationalized name as punycode', async () => {
    const domain = await createTestDomain(t, orgId, { name: 'BÜCHER-test.de' });
    expect(domain.name).toBe('xn--bcher-test-9db.de');
  });

  it('requires a name and an enrollment mode', async () => {
    for (const body of [{ enrollment_mode: 'manual_invitation' }, { name: '  ' }]) {
      const res = await create({ enrollment_mode: 'manual_invitation', ...body });
      expect(res.status).toBe(422);
    }
    await t.api.fail(
      'CreateOrganizationDomain',
      { params: { organization_id: orgId }, body: { name: uniqueDomain() } },
      422,
      'form_param_missing',
    );
  });

  it('refuses what is not a domain name', async () => {
    for (const name of [
      'localhost',
      'exa mple.com',
      'http://example.com',
      'example.com/path',
      'user@example.com',
      '-lead.example.com',
      'trail-.example.com',
      'a..b.com',
      '10.0.0.1',
      'under_score.com',
      `${'a'.repeat(64)}.com`,
      `${'a.'.repeat(130)}com`,
      'example.com:8080',
      'example.com?x',
      'example.com#x',
      'ex%41mple.com',
      'ex\\ample.com',
      'xn--zz.com',
    ]) {
      const res = await create({ name, enrollment_mode: 'manual_invitation' });
      expect(res.status, name).toBe(422);
      expect(res.body.errors[0].code, name).toBe('form_param_format_invalid');
      expect(res.body.errors[0].meta).toEqual({ param_name: 'name' });
    }
  });

  it('refuses public email providers’ domains and their subdomains', async () => {
    for (const name of [
      'gmail.com',
      'Yahoo.com',
      'outlook.com',
      'hotmail.com',
      'mail.icloud.com',
    ]) {
      await t.api.fail(
        'CreateOrganizationDomain',
        {
          params: { organization_id: orgId },
          body: { name, enrollment_mode: 'manual_invitation' },
        },
        422,
        'organization_domain_common',
      );
    }
  });

  it('accepts only enrollment modes the instance enables (manual_invitation always)', async () => {
    const t2 = await useTestInstance(dialect);
    await enableDomains(t2, { domains_enrollment_modes: ['automatic_suggestion'] });
    const org = await createTestOrganization(t2.api);
    const params = { organization_id: org.id };
    await t2.api.ok('CreateOrganizationDomain', {
      params,
      body: { name: uniqueDomain(), enrollment_mode: 'manual_invitation' },
    });
    await t2.api.ok('CreateOrganizationDomain', {
      params,
      body: { name: uniqueDomain(), enrollment_mode: 'automatic_suggestion' },
    });
    for (const mode of ['automatic_invitation', 'enterprise_sso']) {
      await t2.api.fail(
        'CreateOrganizationDomain',
        { params, body: { name: uniqueDomain(), enrollment_mode: mode } },
        403,
        'organization_domain_enrollment_mode_not_enabled',
      );
    }
    await t2.api.fail(
      'CreateOrganizationDomain',
      { params, body: { name: uniqueDomain(), enrollment_mode: 'automatic' } },
      422,
      'form_param_value_invalid',
    );
  });

  it('refuses a domain the organization has, or another organization verified', async () => {
    const name = uniqueDomain();
    await createTestDomain(t, orgId, { name, verified: false });
    await t.api.fail(
      'CreateOrganizationDomain',
      { params: { organization_id: orgId }, body: { name, enrollment_mode: 'manual_invitation' } },
      422,
      'organization_domain_already_exists',
    );
    // Unverified claims by several organizations may coexist; one verified claim excludes others.
    const other = await createTestOrganization(t.api);
    await createTestDomain(t, other.id, { name });
    const third = await createTestOrganization(t.api);
    const res = await create({ name, enrollment_mode: 'manual_invitation' }, third.id);
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'organization_domain_already_exists',
      meta: { param_name: 'name' },
    });
  });

  it('refuses a domain beyond max_allowed_domains', async () => {
    const t2 = await useTestInstance(dialect);
    await enableDomains(t2);
    await setMaxAllowedDomains(t2, 2);
    const org = await createTestOrganization(t2.api);
    await createTestDomain(t2, org.id);
    await createTestDomain(t2, org.id);
    await t2.api.fail(
      'CreateOrganizationDomain',
      {
        params: { organization_id: org.id },
        body: { name: uniqueDomain(), enrollment_mode: 'manual_invitation' },
      },
      403,
      'organization_domain_quota_exceeded',
    );
    // Another organization has its own quota.
    await createTestDomain(t2, (await createTestOrganization(t2.api)).id);
  });

  it('keeps the quota and the verified-name rule under concurrent requests', async () => {
    const t2 = await useTestInstance(dialect);
    await enableDomains(t2);
    await setMaxAllowedDomains(t2, 2);
    const org = await createTestOrganization(t2.api);
    const params = { organization_id: org.id };
    const quota = await Promise.all(
      Array.from({ length: 6 }, () =>
        t2.api.call('CreateOrganizationDomain', {
          params,
          body: { name: uniqueDomain(), enrollment_mode: 'manual_invitation' },
        }),
      ),
    );
    expect(quota.map((r) => r.status).sort()).toEqual([200, 200, 403, 403, 403, 403]);
    // Six organizations verify one name at once: one wins, the others are told it is taken.
    const name = uniqueDomain();
    const orgs = await Promise.all(Array.from({ length: 6 }, () => createTestOrganization(t2.api)));
    const claims = await Promise.all(
      orgs.map((o) =>
        t2.api.call('CreateOrganizationDomain', {
          params: { organization_id: o.id },
          body: { name, enrollment_mode: 'manual_invitation' },
        }),
      ),
    );
    expect(claims.filter((r) => r.status === 200)).toHaveLength(1);
    for (const res of claims.filter((r) => r.status !== 200)) {
      expect(res.status).toBe(422);
      expect(res.body.errors[0].code).toBe('organization_domain_already_exists');
    }
  });

  it('answers 404 for an unknown organization, and rejects unknown body fields', async () => {
    await t.api.fail(
      'CreateOrganizationDomain',
      {
        params: { organization_id: 'org_unknown' },
        body: { name: uniqueDomain(), enrollment_mode: 'manual_invitation' },
      },
      404,
      'resource_not_found',
    );
    const res = await create({ name: uniqueDomain(), enrollment_mode: 'manual_invitation', x: 1 });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('form_param_unknown');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createInstance } from '../../../server/src/instances/instance-service.js';
import {
  json,
  startFakeProxy,
  type FakeProxy,
} from '../../../server/test/proxy-checks/proxy-server.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('instance', (s) => {
  let proxy: FakeProxy;
  beforeAll(async () => {
    proxy = await startFakeProxy((_req, res) =>
      json(res, 200, { object: 'proxy_health', ok: true }),
    );
  });
  afterAll(() => proxy.close());

  /** An SDK client of a new production instance on the same server (live keys). */
  async function productionClient(domain: string) {
    const { secretKey } = await createInstance(s.t.database.db, {
      name: domain,
      frontendApi: `clerk.${domain}`,
      environment: 'production',
      secrets: s.t.app.castellan.secrets,
    });
    return s.client({ bearerAuth: secretKey });
  }

  it('reads and updates the instance', async () => {
    const instance = await s.sdk.instanceSettings.getInstance();
    expect([instance.object, instance.id]).toEqual(['instance', s.t.instanceId]);
    expect(
      await s.sdk.instanceSettings.updateInstance({
        support_email: 'help@example.com',
        allowed_origins: ['https://app.example.com'],
      }),
    ).toBeUndefined();
    expect((await s.sdk.instanceSettings.getInstance()).allowed_origins).toEqual([
      'https://app.example.com',
    ]);
    await expectClerkError(
      s.sdk.instanceSettings.updateInstance({ development_origin: 'not a url' }),
      422,
      'form_param_format_invalid',
    );
  });

  it('reads and updates communication, OAuth application, organization and protect settings', async () => {
    await s.sdk.instanceSettings.getInstanceCommunication();
    expect(
      await s.sdk.instanceSettings.updateInstanceCommunication({ blocked_country_codes: ['CU'] }),
    ).toMatchObject({ blocked_country_codes: ['CU'] });
    expect(await s.sdk.instanceSettings.getInstanceCommunication()).toMatchObject({
      blocked_country_codes: ['CU'],
    });

    await s.sdk.instanceSettings.getInstanceOAuthApplicationSettings();
    const oauth = await s.sdk.instanceSettings.updateInstanceOAuthApplicationSettings({
      dynamic_oauth_client_registration: true,
    });
    expect(oauth.dynamic_oauth_client_registration).toBe(true);
    expect(
      (await s.sdk.instanceSettings.getInstanceOAuthApplicationSettings())
        .dynamic_oauth_client_registration,
    ).toBe(true);

    const orgs = await s.sdk.instanceSettings.updateInstanceOrganizationSettings({
      enabled: true,
      max_allowed_memberships: 7,
    });
    expect([orgs.enabled, orgs.max_allowed_memberships]).toEqual([true, 7]);
    expect(await s.sdk.instanceSettings.getInstanceOrganizationSettings()).toEqual(orgs);

    await s.sdk.instanceSettings.getInstanceProtect();
    const protect = await s.sdk.instanceSettings.updateInstanceProtect({ rules_enabled: true });
    expect(protect.rules_enabled).toBe(true);
    expect(await s.sdk.instanceSettings.getInstanceProtect()).toEqual(protect);
  });

  it('updates restrictions and the auth config', async () => {
    const restrictions = await s.sdk.instanceSettings.updateInstanceRestrictions({
      allowlist: true,
      block_email_subaddresses: true,
    });
    expect(restrictions).toMatchObject({ allowlist: true, block_email_subaddresses: true });
    const auth = await s.sdk.betaFeatures.updateInstanceAuthConfig({ progressive_sign_up: true });
    expect(auth).toMatchObject({ object: 'instance_settings', progressive_sign_up: true });
  });

  it('adds, lists, updates and deletes a satellite domain', async () => {
    const satellite = await s.sdk.domains.addDomain({
      name: `satellite-${s.dialect}.example.com`,
      is_satellite: true,
    });
    expect(satellite).toMatchObject({ object: 'domain', is_satellite: true });
    const listed = await s.sdk.domains.listDomains();
    expect(listed.data.map((d) => d.id)).toContain(satellite.id);
    const renamed = `renamed-${s.dialect}.example.com`;
    const updated = await s.sdk.domains.updateDomain({ domain_id: satellite.id, name: renamed });
    expect([updated.id, updated.name]).toEqual([satellite.id, renamed]);
    expect(await s.sdk.domains.deleteDomain({ domain_id: satellite.id })).toMatchObject({
      object: 'domain',
      id: satellite.id,
      deleted: true,
    });
    await expectClerkError(
      s.sdk.domains.updateDomain({ domain_id: satellite.id, name: 'gone.example.com' }),
      404,
      'resource_not_found',
    );
  });

  it('checks a domain’s proxy through a real request to it', async () => {
    const primary = (await s.sdk.domains.listDomains()).data.at(-1)!;
    const proxyUrl = `${proxy.url}/__clerk`;
    const check = await s.sdk.proxyChecks.verifyDomainProxy({
      domain_id: primary.id,
      proxy_url: proxyUrl,
    });
    expect(check).toMatchObject({
      object: 'proxy_check',
      domain_id: primary.id,
      proxy_url: proxyUrl,
      successful: true,
    });
    expect(proxy.seen.at(-1)!.url).toBe(`/__clerk/v1/proxy-health?domain_id=${primary.id}`);
    await expectClerkError(
      s.sdk.proxyChecks.verifyDomainProxy({ domain_id: primary.id, proxy_url: 'ftp://x.test' }),
      422,
      'form_param_format_invalid',
    );
  });

  it('moves a production instance’s domain, by either operation', async () => {
    const tag = `${s.dialect}-${s.t.instanceId.slice(-6).toLowerCase()}`;
    const prod = await productionClient(`prod-${tag}.example.com`);
    expect(
      await prod.betaFeatures.changeProductionInstanceDomain({
        home_url: `https://www.moved-${tag}.com/`,
      }),
    ).toBeUndefined();
    expect((await prod.domains.listDomains()).data.at(-1)?.name).toBe(`moved-${tag}.com`);
    expect(
      await prod.betaFeatures.updateProductionInstanceDomain({
        home_url: `https://again-${tag}.com`,
      }),
    ).toBeUndefined();
    expect((await prod.domains.listDomains()).data.at(-1)?.name).toBe(`again-${tag}.com`);
    await expectClerkError(
      s.sdk.betaFeatures.changeProductionInstanceDomain({ home_url: 'https://dev.example.org' }),
      400,
      'production_instance_required',
    );
  });
});

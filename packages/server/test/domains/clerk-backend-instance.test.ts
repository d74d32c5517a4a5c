import { describe, expect, it } from 'vitest';
import { json, startFakeProxy } from '../proxy-checks/proxy-server.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';

/** The official client's instance, domain, proxy-check and beta calls, unchanged (COMPAT.md). */
describe.each(testDialects())(
  '@clerk/backend instance and domains against Castellan (%s)',
  (dialect) => {
    const suite = useClerkBackend(dialect);

    it('reads and updates the instance and its organization settings', async () => {
      const instance = await suite.clerk.instance.get();
      expect(instance.environmentType).toBe('development');
      expect(instance.allowedOrigins).toBeNull();
      expect(
        await suite.clerk.instance.update({
          allowedOrigins: ['capacitor://localhost'],
          testMode: true,
        }),
      ).toBeUndefined();
      expect((await suite.clerk.instance.get()).allowedOrigins).toEqual(['capacitor://localhost']);

      const settings = await suite.clerk.instance.updateOrganizationSettings({
        enabled: true,
        maxAllowedMemberships: 20,
        domainsEnrollmentModes: ['automatic_suggestion'],
      });
      expect(settings).toMatchObject({ enabled: true, maxAllowedMemberships: 20 });
      expect((await suite.clerk.instance.getOrganizationSettings()).domainsEnrollmentModes).toEqual(
        ['automatic_suggestion'],
      );
      const refused = await suite.clerk.instance
        .update({ supportEmail: 'nope' })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({
        status: 422,
        errors: [{ code: 'form_param_format_invalid' }],
      });
    });

    it('lists, adds, updates and deletes domains; verifies a proxy', async () => {
      const before = await suite.clerk.domains.list();
      expect(before.totalCount).toBe(1);
      expect(before.data[0]).toMatchObject({ isSatellite: false, proxyUrl: null });
      const added = await suite.clerk.domains.add({ name: 'sdk.test:4000', is_satellite: true });
      expect(added).toMatchObject({ name: 'sdk.test:4000', isSatellite: true });
      const updated = await suite.clerk.domains.update({ domainId: added.id, name: 'sdk2.test' });
      expect(updated.name).toBe('sdk2.test');
      const list = await suite.clerk.domains.list();
      expect(list.data.map((d) => d.id)).toEqual([added.id, before.data[0]!.id]);

      const proxy = await startFakeProxy((_req, res) => json(res, 200, { ok: true }));
      try {
        const check = await suite.clerk.proxyChecks.verify({
          domainId: added.id,
          proxyUrl: `${proxy.url}/__clerk`,
        });
        expect(check).toMatchObject({ domainId: added.id, successful: true });
      } finally {
        await proxy.close();
      }

      expect(await suite.clerk.domains.delete(added.id)).toMatchObject({
        id: added.id,
        deleted: true,
      });
      const primary = await suite.clerk.domains.delete(before.data[0]!.id).catch((e: unknown) => e);
      expect(primary).toMatchObject({
        status: 403,
        errors: [{ code: 'primary_domain_deletion_not_allowed' }],
      });
    });

    it('changeDomain (POST /v1/beta_features/change_domain, not in the spec) refuses a development instance', async () => {
      const refused = await suite.clerk.betaFeatures
        .changeDomain({ homeUrl: 'https://example.com' })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({
        status: 400,
        errors: [{ code: 'production_instance_required' }],
      });
    });
  },
);

import { beforeAll, describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { PNG } from '../profile/images.js';

/** The official client's organization calls (list, update, metadata, logo, delete). */
describe.each(testDialects())(
  '@clerk/backend organization calls against Castellan (%s)',
  (dialect) => {
    const suite = useClerkBackend(dialect);

    beforeAll(async () => {
      const res = await fetch(`${suite.apiUrl}/v1/instance/organization_settings`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${suite.server.secretKey}`,
          'content-type': 'application/json',
          connection: 'close',
        },
        body: JSON.stringify({ enabled: true }),
      });
      expect(res.status).toBe(200);
    });

    it('lists, updates (metadata through PUT …/metadata), merges metadata and deletes', async () => {
      const user = await suite.clerk.users.createUser({
        emailAddress: [uniqueEmail('org')],
        skipPasswordRequirement: true,
      });
      const org = await suite.clerk.organizations.createOrganization({
        name: 'Client Co',
        createdBy: user.id,
      });
      const list = await suite.clerk.organizations.getOrganizationList({
        query: 'client',
        includeMembersCount: true,
        orderBy: '-name',
      });
      expect(list.totalCount).toBe(1);
      expect(list.data[0]!.id).toBe(org.id);
      expect(list.data[0]!.membersCount).toBe(1);

      const renamed = await suite.clerk.organizations.updateOrganization(org.id, {
        name: 'Client Company',
        maxAllowedMemberships: 10,
        publicMetadata: { plan: 'pro' },
      });
      expect(renamed.name).toBe('Client Company');
      expect(renamed.maxAllowedMemberships).toBe(10);
      expect(renamed.publicMetadata).toEqual({ plan: 'pro' });

      const merged = await suite.clerk.organizations.updateOrganizationMetadata(org.id, {
        publicMetadata: { seats: 3 },
        privateMetadata: { crm: 'x' },
      });
      expect(merged.publicMetadata).toEqual({ plan: 'pro', seats: 3 });
      expect(merged.privateMetadata).toEqual({ crm: 'x' });

      const deleted = await suite.clerk.organizations.deleteOrganization(org.id);
      expect(deleted).toMatchObject({ id: org.id, deleted: true });
      const missing = await suite.clerk.organizations
        .getOrganization({ organizationId: org.id })
        .then(
          () => undefined,
          (e: unknown) => e as { status: number; errors: { code: string }[] },
        );
      expect(missing?.status).toBe(404);
      expect(missing?.errors[0]?.code).toBe('resource_not_found');
    });

    it('uploads a logo (with its uploader) and deletes it', async () => {
      const user = await suite.clerk.users.createUser({
        emailAddress: [uniqueEmail('logo')],
        skipPasswordRequirement: true,
      });
      const org = await suite.clerk.organizations.createOrganization({ name: 'Logo Co' });
      expect(org.hasImage).toBe(false);
      const withLogo = await suite.clerk.organizations.updateOrganizationLogo(org.id, {
        file: new Blob([PNG], { type: 'image/png' }),
        uploaderUserId: user.id,
      });
      expect(withLogo.hasImage).toBe(true);
      expect(withLogo.imageUrl).toMatch(new RegExp(`^${suite.apiUrl}/images/img_`));
      const served = await fetch(withLogo.imageUrl, { headers: { connection: 'close' } });
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
      const without = await suite.clerk.organizations.deleteOrganizationLogo(org.id);
      expect(without.hasImage).toBe(false);
    });
  },
);

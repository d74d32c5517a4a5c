import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { inviteUsersAtDomain } from '../../src/organizations/organization-domain-invitations.js';
import { selectVerifiedUsersAtDomain } from '../../src/organizations/organization-domain-store.js';
import { findOrganization } from '../../src/organizations/organization-store.js';
import { runWrite } from '../../src/platform/write.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import {
  createTestDomain,
  createTestOrganization,
  enableDomains,
  scopeOf,
  uniqueDomain,
} from './domain-helpers.js';

/**
 * Automatic invitations: the users a verified `automatic_invitation` domain reaches. The
 * invitations themselves are created by the invitations work once merged; this checks who
 * `inviteUsersAtDomain` finds.
 */
describe.each(testDialects())(
  'users reached by a domain’s automatic invitations (%s)',
  (dialect) => {
    let t: TestInstance;

    beforeAll(async () => {
      t = await useTestInstance(dialect);
      await enableDomains(t);
    });

    async function usersAt(organizationId: string, domain: string): Promise<string[]> {
      const organization = (await findOrganization(t.database.db, t.instanceId, organizationId))!;
      const scope = scopeOf(t);
      const context = { instance: scope.instance, baseUrl: scope.baseUrl };
      const reached = await runWrite(scope, (tx) =>
        inviteUsersAtDomain(tx, context, organization, { id: null, name: domain }),
      );
      return reached.invited.map((u) => u.userId);
    }

    it('finds the users with a verified email at the domain who are not members', async () => {
      const domain = uniqueDomain('corp');
      const org = await createTestOrganization(t.api);
      const alice = await createTestUser(t.api, { email_address: [`alice@${domain}`] });
      const bob = await createTestUser(t.api, {
        email_address: [`Bob@${domain.toUpperCase()}`, `bob.two@${domain}`],
      });
      const member = await createTestUser(t.api, { email_address: [`member@${domain}`] });
      await t.api.ok('CreateOrganizationMembership', {
        params: { organization_id: org.id },
        body: { user_id: member.id, role: 'org:member' },
      });
      // Not reached: an unverified email, a subdomain, a lookalike domain, another instance.
      const unverified = await createTestUser(t.api);
      await t.api.ok('CreateEmailAddress', {
        body: { user_id: unverified.id, email_address: `pending@${domain}`, verified: false },
      });
      await createTestUser(t.api, { email_address: [`sub@mail.${domain}`] });
      await createTestUser(t.api, { email_address: [`look@x${domain}`] });
      await createTestUser(t.api, { email_address: [`look@${domain}.evil`] });
      const elsewhere = await useTestInstance(dialect);
      await createTestUser(elsewhere.api, { email_address: [`carol@${domain}`] });

      expect(await usersAt(org.id, domain)).toEqual([alice.id, bob.id].sort());
      // For another organization the member is reached too.
      const other = await createTestOrganization(t.api);
      expect(await usersAt(other.id, domain)).toEqual([alice.id, bob.id, member.id].sort());
    });

    it('creating or updating a domain into verified automatic_invitation invites them', async () => {
      const [first, second] = [uniqueDomain('auto'), uniqueDomain('later')];
      const alice = await createTestUser(t.api, { email_address: [`alice@${first}`] });
      const bob = await createTestUser(t.api, { email_address: [`bob@${second}`] });
      const org = await createTestOrganization(t.api);
      const invitedAt = async (email: string) =>
        (
          await t.api.ok('ListInstanceOrganizationInvitations', {
            query: { query: email, status: 'pending' },
          })
        ).data.filter((i) => i.organization_id === org.id);

      const domain = await createTestDomain(t, org.id, {
        name: first,
        enrollment_mode: 'automatic_invitation',
      });
      expect(domain.total_pending_invitations).toBe(1);
      const [invitation] = await invitedAt(alice.email_addresses[0]!.email_address);
      expect(invitation).toMatchObject({ role: 'org:member', status: 'pending' });

      const unverified = await createTestDomain(t, org.id, { name: second, verified: false });
      expect(await invitedAt(bob.email_addresses[0]!.email_address)).toHaveLength(0);
      const updated = await t.api.ok('UpdateOrganizationDomain', {
        params: { organization_id: org.id, domain_id: unverified.id },
        body: { verified: true, enrollment_mode: 'automatic_invitation' },
      });
      expect(updated.total_pending_invitations).toBe(1);
      expect(await invitedAt(bob.email_addresses[0]!.email_address)).toHaveLength(1);
      // Verified again (no change): nobody is invited twice.
      await t.api.ok('UpdateOrganizationDomain', {
        params: { organization_id: org.id, domain_id: unverified.id },
        body: { enrollment_mode: 'automatic_invitation' },
      });
      expect(await invitedAt(bob.email_addresses[0]!.email_address)).toHaveLength(1);
    });

    it('answers the lookup from the email_addresses_domain index, not a scan', async () => {
      const query = selectVerifiedUsersAtDomain(
        t.database.db,
        t.database.adapter,
        t.instanceId,
        'org_x',
        'corp.test',
      ).compile();
      const plan = await t.database.db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
        const explain = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
        const rows = await trx.executeQuery({
          ...query,
          sql: explain + query.sql,
        });
        return JSON.stringify(rows.rows);
      });
      expect(plan).toContain('email_addresses_domain');
    });
  },
);

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
      return runWrite(scopeOf(t), (tx) => inviteUsersAtDomain(tx, organization, domain));
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

    it('creating or updating a domain into verified automatic_invitation looks them up', async () => {
      const org = await createTestOrganization(t.api);
      const domain = await createTestDomain(t, org.id, {
        enrollment_mode: 'automatic_invitation',
      });
      const unverified = await createTestDomain(t, org.id, { verified: false });
      const updated = await t.api.ok('UpdateOrganizationDomain', {
        params: { organization_id: org.id, domain_id: unverified.id },
        body: { verified: true, enrollment_mode: 'automatic_invitation' },
      });
      expect([domain.enrollment_mode, updated.enrollment_mode]).toEqual([
        'automatic_invitation',
        'automatic_invitation',
      ]);
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

import { beforeAll, describe, expect, it } from 'vitest';
import { acceptSignInToken } from '../../src/sign-in-tokens/sign-in-token-service.js';
import { runWrite } from '../../src/platform/write.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { eventsOf, verifiedClaims } from '../sessions/session-helpers.js';

describe.each(testDialects())(
  'memberships seen from users, sessions and tokens (%s)',
  (dialect) => {
    let t: TestInstance;

    beforeAll(async () => {
      t = await useTestInstance(dialect);
      await enableOrganizations(t.api);
    });

    const join = (organizationId: string, userId: string, role = 'org:member') =>
      t.api.ok('CreateOrganizationMembership', {
        params: { organization_id: organizationId },
        body: { user_id: userId, role },
      });

    const membersCount = async (organizationId: string) =>
      (
        await t.api.ok('GetOrganization', {
          params: { organization_id: organizationId },
          query: { include_members_count: true },
        })
      ).members_count;

    it('filters GetUserList and GetUsersCount by organization, included (+) or excluded (-)', async () => {
      const [a, b, c] = [
        await createTestUser(t.api),
        await createTestUser(t.api),
        await createTestUser(t.api),
      ];
      const org1 = await createTestOrganization(t.api, { created_by: a.id });
      const org2 = await createTestOrganization(t.api);
      await join(org1.id, b.id);
      await join(org2.id, c.id);
      const ids = async (query: Record<string, unknown>) =>
        (await t.api.ok('GetUserList', { query: query as never })).map((u) => u.id);
      const count = async (query: Record<string, unknown>) =>
        (await t.api.ok('GetUsersCount', { query: query as never })).total_count;
      expect(await ids({ organization_id: [org1.id] })).toEqual([b.id, a.id]);
      expect(await ids({ organization_id: [`+${org1.id}`, org2.id] })).toEqual([c.id, b.id, a.id]);
      expect(await count({ organization_id: [org1.id, org2.id] })).toBe(3);
      const notInOrg1 = await ids({ organization_id: [`-${org1.id}`] });
      expect(notInOrg1).toContain(c.id);
      expect(notInOrg1).not.toContain(a.id);
      expect(await ids({ organization_id: [org1.id, `-${org2.id}`], user_id: [b.id] })).toEqual([
        b.id,
      ]);
      expect(await ids({ organization_id: ['org_unknown'] })).toEqual([]);
      expect(await count({ organization_id: [org2.id], query: 'nobody-matches-this' })).toBe(0);
    });

    it('deleting a user removes their memberships: counters drop, events are recorded', async () => {
      const admin = await createTestUser(t.api);
      const member = await createTestUser(t.api);
      const org1 = await createTestOrganization(t.api, { created_by: admin.id });
      const org2 = await createTestOrganization(t.api, { created_by: admin.id });
      await join(org1.id, member.id);
      const before = (await eventsOf(t, 'organizationMembership.deleted')).length;
      // The last admin of both: deleting the user is still allowed.
      await t.api.ok('DeleteUser', { params: { user_id: admin.id } });
      expect(await membersCount(org1.id)).toBe(1);
      expect(await membersCount(org2.id)).toBe(0);
      const events = (await eventsOf(t, 'organizationMembership.deleted')).slice(before);
      expect(events.map((e) => e.organization.id).sort()).toEqual([org1.id, org2.id].sort());
      expect(events.every((e) => e.public_user_data.user_id === admin.id)).toBe(true);
      const left = await t.api.ok('ListOrganizationMemberships', {
        params: { organization_id: org1.id },
      });
      expect(left.data.map((m) => m.public_user_data!.user_id)).toEqual([member.id]);
      // Banning keeps memberships.
      await t.api.ok('BanUser', { params: { user_id: member.id } });
      expect(await membersCount(org1.id)).toBe(1);
    });

    it('keeps counters exact when a user is deleted while being added elsewhere', async () => {
      const org = await createTestOrganization(t.api);
      const other = await createTestOrganization(t.api);
      for (let i = 0; i < 4; i++) {
        const user = await createTestUser(t.api);
        await join(other.id, user.id);
        const [added, deleted] = await Promise.all([
          t.api.call('CreateOrganizationMembership', {
            params: { organization_id: org.id },
            body: { user_id: user.id, role: 'org:member' },
          }),
          t.api.call('DeleteUser', { params: { user_id: user.id } }),
        ]);
        expect(deleted.status).toBe(200);
        expect([200, 404]).toContain(added.status);
      }
      for (const o of [org, other]) {
        const listed = await t.api.ok('ListOrganizationMemberships', {
          params: { organization_id: o.id },
          query: { role: ['org:member'] },
        });
        expect(listed.total_count).toBe(0);
        expect(await membersCount(o.id)).toBe(0);
      }
    });

    it('a session’s active organization: its token carries the member’s role and permissions', async () => {
      const user = await createTestUser(t.api);
      const org = await createTestOrganization(t.api, {
        created_by: user.id,
        slug: `o-${Date.now()}`,
      });
      const session = await t.api.ok('createSession', {
        body: { user_id: user.id, active_organization_id: org.id },
      });
      expect(session.last_active_organization_id).toBe(org.id);
      const { jwt } = await t.api.ok('CreateSessionToken', { params: { session_id: session.id } });
      const { claims } = await verifiedClaims(t, jwt!);
      expect(claims.o).toMatchObject({ id: org.id, slg: org.slug, rol: 'admin' });
      expect((claims.o.per as string).split(',').sort()).toEqual(['delete', 'manage', 'read']);
      const features = (claims.fea as string).split(',');
      expect(features).toEqual(
        expect.arrayContaining(['o:sys_profile', 'o:sys_memberships', 'o:sys_domains']),
      );
      const perms = (claims.o.per as string).split(',');
      const masks = (claims.o.fpm as string).split(',').map(Number);
      // Each feature's mask names the permissions it grants: admin holds read and manage of
      // memberships.
      const memberships = masks[features.indexOf('o:sys_memberships')]!;
      const granted = perms.filter((_, i) => memberships & (1 << i));
      expect(granted.sort()).toEqual(['manage', 'read']);

      // Demoted: the next token says so.
      const other = await createTestUser(t.api);
      await join(org.id, other.id, 'org:admin');
      await t.api.ok('UpdateOrganizationMembership', {
        params: { organization_id: org.id, user_id: user.id },
        body: { role: 'org:member' },
      });
      const demoted = await t.api.ok('CreateSessionToken', { params: { session_id: session.id } });
      const after = (await verifiedClaims(t, demoted.jwt!)).claims;
      expect(after.o).toMatchObject({ id: org.id, rol: 'member', per: 'read', fpm: '1' });
      expect(after.fea).toBe('o:sys_memberships');
    });

    it('a JWT template reads the active organization and the member’s role', async () => {
      const user = await createTestUser(t.api);
      const org = await createTestOrganization(t.api, {
        created_by: user.id,
        public_metadata: { tier: 'gold' },
      });
      const name = `org-template-${Date.now()}`;
      await t.api.ok('CreateJWTTemplate', {
        body: {
          name,
          claims: {
            org_id: '{{org.id}}',
            org_name: '{{org.name}}',
            org_slug: '{{org.slug}}',
            role: '{{org.role}}',
            perms: '{{org.permissions}}',
            tier: '{{org.public_metadata.tier}}',
            image: '{{org.image_url}}',
          },
        },
      });
      const session = await t.api.ok('createSession', {
        body: { user_id: user.id, active_organization_id: org.id },
      });
      const { jwt } = await t.api.ok('CreateSessionTokenFromTemplate', {
        params: { session_id: session.id, template_name: name },
      });
      const { claims } = await verifiedClaims(t, jwt!);
      expect(claims).toMatchObject({
        org_id: org.id,
        org_name: org.name,
        org_slug: org.slug,
        role: 'org:admin',
        tier: 'gold',
        image: org.image_url,
      });
      expect(claims.perms).toContain('org:sys_memberships:manage');
      const plain = await t.api.ok('createSession', { body: { user_id: user.id } });
      const none = await t.api.ok('CreateSessionTokenFromTemplate', {
        params: { session_id: plain.id, template_name: name },
      });
      expect((await verifiedClaims(t, none.jwt!)).claims).toMatchObject({
        org_id: null,
        role: null,
      });
    });

    it('refuses an organization the user is not a member of; removal moves sessions on', async () => {
      const user = await createTestUser(t.api);
      const stranger = await createTestOrganization(t.api);
      await t.api.fail(
        'createSession',
        { body: { user_id: user.id, active_organization_id: stranger.id } },
        404,
        'organization_not_found_or_unauthorized',
      );
      const first = await createTestOrganization(t.api);
      const second = await createTestOrganization(t.api);
      t.clock.set(Date.UTC(2031, 0, 1));
      await join(first.id, user.id);
      t.clock.set(Date.UTC(2031, 0, 2));
      await join(second.id, user.id);
      t.clock.useRealTime();
      const session = await t.api.ok('createSession', {
        body: { user_id: user.id, active_organization_id: first.id },
      });
      await t.api.ok('DeleteOrganizationMembership', {
        params: { organization_id: first.id, user_id: user.id },
      });
      const moved = await t.api.ok('GetSession', { params: { session_id: session.id } });
      expect(moved.last_active_organization_id).toBe(second.id);
      await t.api.ok('DeleteOrganizationMembership', {
        params: { organization_id: second.id, user_id: user.id },
      });
      const none = await t.api.ok('GetSession', { params: { session_id: session.id } });
      expect(none.last_active_organization_id).toBeNull();
      const { jwt } = await t.api.ok('CreateSessionToken', { params: { session_id: session.id } });
      expect((await verifiedClaims(t, jwt!)).claims.o).toBeUndefined();
    });

    it('a sign-in token keeps the organization of which its user is a member', async () => {
      const user = await createTestUser(t.api);
      const org = await createTestOrganization(t.api);
      await t.api.fail(
        'CreateSignInToken',
        { body: { user_id: user.id, org_id: org.id } },
        403,
        'not_a_member_in_organization',
      );
      await t.api.fail(
        'CreateSignInToken',
        { body: { user_id: user.id, org_id: 'org_unknown' } },
        404,
        'resource_not_found',
      );
      await join(org.id, user.id);
      const token = await t.api.ok('CreateSignInToken', {
        body: { user_id: user.id, org_id: org.id },
      });
      const accepted = await runWrite(scopeOn(t.app, { ...t, baseUrl: 'http://localhost' }), (tx) =>
        acceptSignInToken(tx, token.token!),
      );
      expect(accepted).toEqual({ id: token.id, userId: user.id, organizationId: org.id });
      const plain = await t.api.ok('CreateSignInToken', {
        body: { user_id: user.id, org_id: null },
      });
      const row = await t.database.db
        .selectFrom('sign_in_tokens')
        .select('organization_id')
        .where('id', '=', plain.id)
        .executeTakeFirstOrThrow();
      expect(row.organization_id).toBeNull();
    });
  },
);

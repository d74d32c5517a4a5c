import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { eventsOf } from '../sessions/session-helpers.js';

describe.each(testDialects())('DELETE /v1/organizations/{id} (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const countRows = async (
    table: 'organization_memberships' | 'organization_invitations',
    orgId: string,
  ) =>
    (
      await t.database.db
        .selectFrom(table)
        .select('id')
        .where('organization_id', '=', orgId)
        .execute()
    ).length;

  it('is refused while organizations are disabled', async () => {
    await t.api.fail(
      'DeleteOrganization',
      { params: { organization_id: 'org_any' } },
      400,
      'organization_not_enabled_in_instance',
    );
    await enableOrganizations(t.api);
  });

  it('deletes the organization with its memberships and invitations, in one write', async () => {
    const [owner, member] = [await createTestUser(t.api), await createTestUser(t.api)];
    const org = await createTestOrganization(t.api, { created_by: owner.id, slug: 'doomed' });
    await t.api.ok('CreateOrganizationMembership', {
      params: { organization_id: org.id },
      body: { user_id: member.id, role: 'org:member' },
    });
    const role = await t.database.db
      .selectFrom('roles')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .where('key', '=', 'org:member')
      .executeTakeFirstOrThrow();
    const now = Date.now();
    await t.database.db
      .insertInto('organization_invitations')
      .values({
        id: `orginv_${org.id.slice(4)}`,
        instance_id: t.instanceId,
        organization_id: org.id,
        email_address: 'invitee@example.com',
        email_lower: 'invitee@example.com',
        role_id: role.id,
        inviter_id: owner.id,
        status: 'pending',
        public_metadata: '{}',
        private_metadata: '{}',
        redirect_url: null,
        token_hash: `hash-${org.id}`,
        expires_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect(await countRows('organization_memberships', org.id)).toBe(2);

    const deleted = await t.api.ok('DeleteOrganization', { params: { organization_id: 'doomed' } });
    expect(deleted).toEqual({ object: 'organization', id: org.id, slug: 'doomed', deleted: true });
    expect(await countRows('organization_memberships', org.id)).toBe(0);
    expect(await countRows('organization_invitations', org.id)).toBe(0);
    await t.api.fail('GetOrganization', { params: { organization_id: org.id } }, 404);
    await t.api.fail('DeleteOrganization', { params: { organization_id: org.id } }, 404);
    // The members are users still; the slug is free again.
    await t.api.ok('GetUser', { params: { user_id: member.id } });
    await createTestOrganization(t.api, { slug: 'doomed' });

    const events = await eventsOf(t, 'organization.deleted');
    expect(events).toContainEqual(deleted);
    const membershipEvents = await eventsOf(t, 'organizationMembership.deleted');
    expect(membershipEvents).toEqual([]);
  });

  it("keeps the list's total exact through creates, a refused create and deletes", async () => {
    const total = async () => (await t.api.ok('ListOrganizations', { query: {} })).total_count;
    const stored = async () =>
      (
        await t.database.db
          .selectFrom('organizations')
          .select('id')
          .where('instance_id', '=', t.instanceId)
          .execute()
      ).length;
    const before = await total();
    expect(before).toBe(await stored());
    const a = await createTestOrganization(t.api, { slug: 'counted-a' });
    await createTestOrganization(t.api, { slug: 'counted-b' });
    // A refused create (the slug is taken) counts nothing.
    await t.api.fail(
      'CreateOrganization',
      { body: { name: 'Again', slug: 'counted-a' } },
      422,
      'form_identifier_exists',
    );
    expect(await total()).toBe(before + 2);
    await t.api.ok('DeleteOrganization', { params: { organization_id: a.id } });
    expect(await total()).toBe(before + 1);
    expect(await total()).toBe(await stored());
  });

  it('clears the organization from sessions that had it active', async () => {
    const user = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, { created_by: user.id });
    const keep = await createTestOrganization(t.api, { created_by: user.id });
    const session = await t.api.ok('createSession', { body: { user_id: user.id } });
    const other = await t.api.ok('createSession', { body: { user_id: user.id } });
    const setActive = (id: string, orgId: string) =>
      t.database.db
        .updateTable('sessions')
        .set({ last_active_organization_id: orgId })
        .where('id', '=', id)
        .execute();
    await setActive(session.id, org.id);
    await setActive(other.id, keep.id);
    await t.api.ok('DeleteOrganization', { params: { organization_id: org.id } });
    const cleared = await t.api.ok('GetSession', { params: { session_id: session.id } });
    expect(cleared.last_active_organization_id).toBeNull();
    expect(cleared.status).toBe('active');
    const untouched = await t.api.ok('GetSession', { params: { session_id: other.id } });
    expect(untouched.last_active_organization_id).toBe(keep.id);
  });

  it('touches no other instance', async () => {
    const other = await useTestInstance(dialect);
    await enableOrganizations(other.api);
    const theirs = await createTestOrganization(other.api, { slug: 'shared-slug' });
    await createTestOrganization(t.api, { slug: 'shared-slug' });
    await t.api.fail('DeleteOrganization', { params: { organization_id: theirs.id } }, 404);
    await t.api.ok('DeleteOrganization', { params: { organization_id: 'shared-slug' } });
    expect(
      await other.api.ok('GetOrganization', { params: { organization_id: 'shared-slug' } }),
    ).toMatchObject({ id: theirs.id });
  });
});

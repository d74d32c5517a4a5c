import { beforeAll, describe, expect, it } from 'vitest';
import { listMessages } from '../helpers/messages.js';
import { createTestOrganization, enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import { addTestMember, eventsOf, ticketOf } from './invitation-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDialects())('creating organization invitations (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('is refused while organizations are disabled', async () => {
    await t.api.fail(
      'CreateOrganizationInvitation',
      {
        params: { organization_id: 'org_missing' },
        body: { email_address: 'a@example.com', role: 'org:member' },
      },
      403,
      'organization_not_enabled_in_instance',
    );
  });

  it('invites an address: pending, 30 days, a ticket link, the email and the event', async () => {
    await enableOrganizations(t.api);
    const admin = await createTestUser(t.api, { first_name: 'Ada', last_name: 'Admin' });
    const org = await createTestOrganization(t.api, { created_by: admin.id });
    t.clock.set(Date.UTC(2026, 11, 7, 12));
    const email = uniqueEmail('Invitee');
    const invitation = await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: org.id },
      body: {
        email_address: email,
        role: 'org:member',
        inviter_user_id: admin.id,
        public_metadata: { team: 'red' },
        private_metadata: { source: 'crm' },
        redirect_url: 'https://app.example.com/welcome',
      },
    });
    expect(invitation).toMatchObject({
      object: 'organization_invitation',
      email_address: email,
      role: 'org:member',
      role_name: 'Member',
      organization_id: org.id,
      inviter_id: admin.id,
      public_inviter_data: { user_id: admin.id, first_name: 'Ada', last_name: 'Admin' },
      status: 'pending',
      public_metadata: { team: 'red' },
      private_metadata: { source: 'crm' },
      created_at: Date.UTC(2026, 11, 7, 12),
      expires_at: Date.UTC(2026, 11, 7, 12) + 30 * DAY,
    });
    expect(invitation.id).toMatch(/^orginv_/);
    expect(invitation.url).toMatch(
      new RegExp(`^https://${t.instance.frontendApi}/v1/tickets/accept\\?ticket=`),
    );
    expect(ticketOf(invitation.url)).toHaveLength(43);

    const { data: all } = await listMessages(t, { to: email });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ slug: 'organization_invitation', channel: 'email' });
    expect(all[0]!.body).toContain(invitation.url!);
    expect(all[0]!.body).toContain('Ada Admin invited you');

    const [event] = await eventsOf(t, 'organizationInvitation.created');
    expect(event).toMatchObject({ id: invitation.id, status: 'pending', url: null });

    const read = await t.api.ok('GetOrganizationInvitation', {
      params: { organization_id: org.slug, invitation_id: invitation.id },
    });
    expect(read).toEqual({ ...invitation, url: null });
  });

  it('sends no email with notify: false, and honours expires_in_days', async () => {
    const org = await createTestOrganization(t.api);
    const email = uniqueEmail('quiet');
    const before = await listMessages(t, { to: email });
    const invitation = await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: org.id },
      body: { email_address: email, role: 'org:admin', notify: false, expires_in_days: 1 },
    });
    expect(invitation.expires_at).toBe(invitation.created_at + DAY);
    expect(invitation.role_name).toBe('Admin');
    expect(invitation.public_inviter_data).toBeNull();
    expect((await listMessages(t, { to: email })).total_count).toBe(before.total_count);
    for (const days of [0, 366, 1.5]) {
      await t.api.fail(
        'CreateOrganizationInvitation',
        {
          params: { organization_id: org.id },
          body: { email_address: uniqueEmail(), role: 'org:member', expires_in_days: days },
        },
        422,
      );
    }
  });

  it('refuses bad input with the precise error and writes nothing', async () => {
    const org = await createTestOrganization(t.api);
    const invite = (body: Record<string, unknown>) => ({
      params: { organization_id: org.id },
      body: { email_address: uniqueEmail(), role: 'org:member', ...body },
    });
    await t.api.fail(
      'CreateOrganizationInvitation',
      { params: { organization_id: 'org_nope' }, body: invite({}).body },
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'CreateOrganizationInvitation',
      invite({ email_address: 'not-an-email' }),
      422,
      'form_param_format_invalid',
    );
    await t.api.fail(
      'CreateOrganizationInvitation',
      invite({ role: 'org:owner' }),
      404,
      'resource_not_found',
    );
    await t.api.fail(
      'CreateOrganizationInvitation',
      invite({ redirect_url: 'javascript:alert(1)' }),
      422,
      'form_param_format_invalid',
    );
    await t.api.fail(
      'CreateOrganizationInvitation',
      invite({ public_metadata: { big: 'x'.repeat(9000) } }),
      422,
      'form_param_exceeds_allowed_size',
    );
    await t.api.fail(
      'CreateOrganizationInvitation',
      invite({ inviter_user_id: 'user_missing' }),
      400,
      'resource_not_found',
    );
    await t.api.fail(
      'CreateOrganizationInvitation',
      { params: { organization_id: org.id }, body: { role: 'org:member' } },
      422,
      'form_param_missing',
    );
    const list = await t.api.ok('ListOrganizationInvitations', {
      params: { organization_id: org.id },
    });
    expect(list.total_count).toBe(0);
  });

  it('lets only administrators invite', async () => {
    const admin = await createTestUser(t.api);
    const member = await createTestUser(t.api);
    const outsider = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, { created_by: admin.id });
    await addTestMember(t, org.id, member.id);
    for (const inviter of [member.id, outsider.id]) {
      await t.api.fail(
        'CreateOrganizationInvitation',
        {
          params: { organization_id: org.id },
          body: { email_address: uniqueEmail(), role: 'org:member', inviter_user_id: inviter },
        },
        403,
        'not_an_admin_in_organization',
      );
    }
  });

  it('refuses a member’s address and a second pending invitation, case-insensitively', async () => {
    const member = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, { created_by: member.id });
    const memberEmail = member.email_addresses[0]!.email_address;
    await t.api.fail(
      'CreateOrganizationInvitation',
      {
        params: { organization_id: org.id },
        body: { email_address: memberEmail.toUpperCase(), role: 'org:member' },
      },
      400,
      'already_a_member_in_organization',
    );
    const email = uniqueEmail('twice');
    const first = await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: org.id },
      body: { email_address: email, role: 'org:member' },
    });
    await t.api.fail(
      'CreateOrganizationInvitation',
      {
        params: { organization_id: org.id },
        body: { email_address: email.toUpperCase(), role: 'org:admin' },
      },
      400,
      'organization_invitation_not_unique',
    );
    // Another organization may invite the same address; a revoked one frees it here.
    const other = await createTestOrganization(t.api);
    await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: other.id },
      body: { email_address: email, role: 'org:member' },
    });
    await t.api.ok('RevokeOrganizationInvitation', {
      params: { organization_id: org.id, invitation_id: first.id },
    });
    await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: org.id },
      body: { email_address: email, role: 'org:member' },
    });
  });

  it('counts outstanding invitations against max_allowed_memberships', async () => {
    const creator = await createTestUser(t.api);
    const org = await createTestOrganization(t.api, {
      created_by: creator.id,
      max_allowed_memberships: 3,
    });
    const invite = (email: string) =>
      t.api.call('CreateOrganizationInvitation', {
        params: { organization_id: org.id },
        body: { email_address: email, role: 'org:member' },
      });
    expect((await invite(uniqueEmail())).status).toBe(200);
    const expiring = await t.api.ok('CreateOrganizationInvitation', {
      params: { organization_id: org.id },
      body: { email_address: uniqueEmail(), role: 'org:member', expires_in_days: 1 },
    });
    await t.api.fail(
      'CreateOrganizationInvitation',
      {
        params: { organization_id: org.id },
        body: { email_address: uniqueEmail(), role: 'org:member' },
      },
      403,
      'organization_membership_quota_exceeded',
    );
    const read = await t.api.ok('GetOrganization', {
      params: { organization_id: org.id },
      query: { include_members_count: true },
    });
    expect(read).toMatchObject({ members_count: 1, pending_invitations_count: 2 });
    // An expired invitation is no longer outstanding.
    t.clock.set(expiring.expires_at! + 1);
    expect((await invite(uniqueEmail())).status).toBe(200);
    t.clock.useRealTime();
  });

  it('lets one of concurrent invitations of an address, or for the last seat, through', async () => {
    const org = await createTestOrganization(t.api, { max_allowed_memberships: 0 });
    const email = uniqueEmail('race');
    const same = await Promise.all(
      [1, 2, 3, 4].map(() =>
        t.api.call('CreateOrganizationInvitation', {
          params: { organization_id: org.id },
          body: { email_address: email, role: 'org:member', notify: false },
        }),
      ),
    );
    expect(same.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);
    const limited = await createTestOrganization(t.api, { max_allowed_memberships: 1 });
    const seats = await Promise.all(
      [1, 2, 3, 4].map(() =>
        t.api.call('CreateOrganizationInvitation', {
          params: { organization_id: limited.id },
          body: { email_address: uniqueEmail('seat'), role: 'org:member', notify: false },
        }),
      ),
    );
    expect(seats.map((r) => r.status).sort()).toEqual([200, 403, 403, 403]);
  });

  it('bulk-creates up to 10, all or nothing', async () => {
    const org = await createTestOrganization(t.api);
    const emails = [uniqueEmail('bulk'), uniqueEmail('bulk')];
    const created = await t.api.ok('CreateOrganizationInvitationBulk', {
      params: { organization_id: org.id },
      body: [
        { email_address: emails[0]!, role: 'org:member' },
        { email_address: emails[1]!, role: 'org:admin', notify: false },
      ],
    });
    expect(created.total_count).toBe(2);
    expect(created.data.map((i) => [i.email_address, i.role])).toEqual([
      [emails[0], 'org:member'],
      [emails[1], 'org:admin'],
    ]);
    expect(created.data.every((i) => typeof i.url === 'string')).toBe(true);
    // Delivered once the batch committed; notify: false sends none.
    expect((await listMessages(t, { to: emails[0]! })).total_count).toBe(1);
    expect((await listMessages(t, { to: emails[1]! })).total_count).toBe(0);

    const fresh = uniqueEmail('bulk');
    const named = await t.api.fail(
      'CreateOrganizationInvitationBulk',
      {
        params: { organization_id: org.id },
        body: [
          { email_address: fresh, role: 'org:member' },
          { email_address: fresh, role: 'org:member' },
        ],
      },
      400,
      'organization_invitation_not_unique',
    );
    expect(named.errors[0]!.meta).toMatchObject({ param_name: 'email_address', item_index: 1 });
    for (const body of [
      [
        { email_address: fresh, role: 'org:member' },
        { email_address: emails[0]!, role: 'org:member' },
      ],
      [
        { email_address: fresh, role: 'org:member' },
        { email_address: fresh, role: 'org:member' },
      ],
      [
        { email_address: fresh, role: 'org:member' },
        { email_address: 'bad', role: 'org:member' },
      ],
    ]) {
      const res = await t.api.call('CreateOrganizationInvitationBulk', {
        params: { organization_id: org.id },
        body,
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const many = Array.from({ length: 11 }, () => ({
      email_address: uniqueEmail(),
      role: 'org:member',
    }));
    await t.api.fail(
      'CreateOrganizationInvitationBulk',
      { params: { organization_id: org.id }, body: many },
      422,
    );
    await t.api.fail(
      'CreateOrganizationInvitationBulk',
      { params: { organization_id: org.id }, body: [] },
      422,
    );
    const list = await t.api.ok('ListOrganizationInvitations', {
      params: { organization_id: org.id },
    });
    expect(list.total_count).toBe(2);
    expect((await listMessages(t, { to: fresh })).total_count).toBe(0);
  });
});

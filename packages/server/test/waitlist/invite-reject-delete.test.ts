import { beforeAll, describe, expect, it } from 'vitest';
import { configureInstance } from '../../src/instances/instance-config-apply.js';
import { listMessages } from '../helpers/messages.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import { acceptTicket, addToWaitlist } from './waitlist-helpers.js';

const UNKNOWN = 'wle_2g7np7Hrk0SN6kj5EDMLDaKNL0S';

describe.each(testDialects())('POST /v1/waitlist_entries/{id}/invite (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  const invite = (id: string, body: { ignore_existing?: boolean } = {}) =>
    t.api.ok('InviteWaitlistEntry', { params: { waitlist_entry_id: id }, body });

  it('invites: a pending invitation with its link, the waitlist_invitation email, status invited', async () => {
    const email = uniqueEmail('invitee');
    const entry = await addToWaitlist(t, email);
    t.clock.set(Date.UTC(2026, 7, 1));
    const invited = await invite(entry.id);
    expect(invited).toMatchObject({
      id: entry.id,
      status: 'invited',
      created_at: entry.created_at,
      updated_at: Date.UTC(2026, 7, 1),
      invitation: {
        object: 'invitation',
        email_address: email,
        status: 'pending',
        url: expect.stringContaining('ticket='),
      },
    });
    const invitations = await t.api.ok('ListInvitations', { query: { query: email } });
    expect(invitations).toEqual([stripUrl(invited.invitation!)]);
    const { data } = await listMessages(t, { to: email });
    expect(data.map((m) => m.slug)).toEqual(['waitlist_invitation']);
    expect(data[0]!.body).toContain(invited.invitation!.url!);
    // Listed, the entry shows its invitation without the link (the ticket is not kept).
    const listed = await t.api.ok('ListWaitlistEntries', { query: { query: email } });
    expect(listed.data[0]!.invitation).toEqual(stripUrl(invited.invitation!));
    t.clock.useRealTime();
  });

  it('invited twice is a 409; with ignore_existing it gets a new invitation', async () => {
    const entry = await addToWaitlist(t, uniqueEmail('twice'));
    const first = await invite(entry.id);
    const body = await t.api.fail(
      'InviteWaitlistEntry',
      { params: { waitlist_entry_id: entry.id }, body: {} },
      409,
      'waitlist_entry_already_invited',
    );
    expect(body.errors[0]!.long_message).toContain(entry.id);
    const again = await invite(entry.id, { ignore_existing: true });
    expect(again.status).toBe('invited');
    expect(again.invitation!.id).not.toBe(first.invitation!.id);
  });

  it('an address a user has is form_identifier_exists unless ignore_existing', async () => {
    const email = uniqueEmail('member');
    await createTestUser(t.api, { email_address: [email] });
    const entry = await addToWaitlist(t, email);
    await t.api.fail(
      'InviteWaitlistEntry',
      { params: { waitlist_entry_id: entry.id }, body: {} },
      422,
      'form_identifier_exists',
    );
    // Nothing changed: the entry is still pending, with no invitation.
    const listed = await t.api.ok('ListWaitlistEntries', { query: { query: entry.id } });
    expect(listed.data[0]).toMatchObject({ status: 'pending', invitation: null });
    expect((await invite(entry.id, { ignore_existing: true })).status).toBe('invited');
  });

  it('an address with a pending invitation is duplicate_record unless ignore_existing', async () => {
    const email = uniqueEmail('preinvited');
    await t.api.ok('CreateInvitation', { body: { email_address: email, notify: false } });
    const entry = await addToWaitlist(t, email);
    await t.api.fail(
      'InviteWaitlistEntry',
      { params: { waitlist_entry_id: entry.id } },
      400,
      'duplicate_record',
    );
    expect((await invite(entry.id, { ignore_existing: true })).status).toBe('invited');
  });

  it('a rejected entry can be invited', async () => {
    const entry = await addToWaitlist(t, uniqueEmail('second-chance'));
    await t.api.ok('RejectWaitlistEntry', { params: { waitlist_entry_id: entry.id } });
    expect((await invite(entry.id)).status).toBe('invited');
  });

  it('once its invitation is accepted the entry is completed, and cannot be invited again', async () => {
    const email = uniqueEmail('done');
    const entry = await addToWaitlist(t, email);
    const invited = await invite(entry.id);
    await acceptTicket(t, invited.invitation!.url);
    const completed = await t.api.ok('ListWaitlistEntries', { query: { status: 'completed' } });
    expect(completed.data.map((e) => e.id)).toEqual([entry.id]);
    expect(completed.data[0]!.invitation).toMatchObject({ status: 'accepted' });
    const stillInvited = await t.api.ok('ListWaitlistEntries', { query: { status: 'invited' } });
    expect(stillInvited.data.map((e) => e.id)).not.toContain(entry.id);
    await t.api.fail(
      'InviteWaitlistEntry',
      { params: { waitlist_entry_id: entry.id }, body: { ignore_existing: true } },
      409,
      'waitlist_entry_already_invited',
    );
  });

  it('invited twice, the earlier invitation accepted completes it with that invitation', async () => {
    const entry = await addToWaitlist(t, uniqueEmail('earlier'));
    const first = await invite(entry.id);
    const second = await invite(entry.id, { ignore_existing: true });
    expect(second.invitation!.id).not.toBe(first.invitation!.id);
    await acceptTicket(t, first.invitation!.url);
    const listed = await t.api.ok('ListWaitlistEntries', { query: { query: entry.id } });
    expect(listed.data[0]).toMatchObject({
      status: 'completed',
      invitation: { id: first.invitation!.id, status: 'accepted' },
    });
  });

  it('an invitation accepted for an address whose entry is pending leaves the entry pending', async () => {
    const email = uniqueEmail('direct');
    const entry = await addToWaitlist(t, email);
    const invitation = await t.api.ok('CreateInvitation', {
      body: { email_address: email, notify: false },
    });
    await acceptTicket(t, invitation.url);
    const listed = await t.api.ok('ListWaitlistEntries', { query: { query: entry.id } });
    expect(listed.data[0]).toMatchObject({ status: 'pending', invitation: null });
  });

  it('an unknown entry is 404', async () => {
    await t.api.fail(
      'InviteWaitlistEntry',
      { params: { waitlist_entry_id: UNKNOWN }, body: {} },
      404,
      'resource_not_found',
    );
  });

  it('an instance with email addresses off cannot invite (invitations_not_supported)', async () => {
    const other = await useTestInstance(dialect);
    const entry = await addToWaitlist(other, uniqueEmail('no-email'));
    await configureInstance(other.database, other.instanceId, {
      identifiers: { email_address: 'off', username: 'required' },
    });
    await other.api.fail(
      'InviteWaitlistEntry',
      { params: { waitlist_entry_id: entry.id }, body: {} },
      400,
      'invitations_not_supported',
    );
  });
});

function stripUrl<T extends { url?: string | null | undefined }>(invitation: T) {
  const { url: _url, ...rest } = invitation;
  return rest;
}

describe.each(testDialects())('reject and delete (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('rejects a pending entry; rejecting again is a 409', async () => {
    const entry = await addToWaitlist(t, uniqueEmail('rejected'));
    t.clock.set(Date.UTC(2026, 8, 1));
    const rejected = await t.api.ok('RejectWaitlistEntry', {
      params: { waitlist_entry_id: entry.id },
    });
    expect(rejected).toEqual({ ...entry, status: 'rejected', updated_at: Date.UTC(2026, 8, 1) });
    t.clock.useRealTime();
    await t.api.fail(
      'RejectWaitlistEntry',
      { params: { waitlist_entry_id: entry.id } },
      409,
      'waitlist_entry_not_pending',
    );
  });

  it('an invited entry cannot be rejected', async () => {
    const entry = await addToWaitlist(t, uniqueEmail('too-late'));
    await t.api.ok('InviteWaitlistEntry', { params: { waitlist_entry_id: entry.id } });
    await t.api.fail(
      'RejectWaitlistEntry',
      { params: { waitlist_entry_id: entry.id } },
      409,
      'waitlist_entry_not_pending',
    );
  });

  it('deletes a pending entry: gone from the list and the search, and the address can join again', async () => {
    const email = uniqueEmail('leaving');
    const entry = await addToWaitlist(t, email);
    const deleted = await t.api.ok('DeleteWaitlistEntry', {
      params: { waitlist_entry_id: entry.id },
    });
    expect(deleted).toEqual({ object: 'waitlist_entry', id: entry.id, deleted: true });
    const listed = await t.api.ok('ListWaitlistEntries', { query: { query: email } });
    expect(listed).toEqual({ data: [], total_count: 0 });
    await t.api.fail(
      'DeleteWaitlistEntry',
      { params: { waitlist_entry_id: entry.id } },
      404,
      'resource_not_found',
    );
    const back = await addToWaitlist(t, email);
    expect(back.id).not.toBe(entry.id);
  });

  it('deleting an invited or rejected entry is a 409 naming its status', async () => {
    const invited = await addToWaitlist(t, uniqueEmail('kept-invited'));
    await t.api.ok('InviteWaitlistEntry', { params: { waitlist_entry_id: invited.id } });
    const body = await t.api.fail(
      'DeleteWaitlistEntry',
      { params: { waitlist_entry_id: invited.id } },
      409,
      'waitlist_entry_not_pending',
    );
    expect(body.errors[0]!.long_message).toBe(
      `Waitlist entry ${invited.id} is invited; only a pending waitlist entry can be deleted.`,
    );
    const rejected = await addToWaitlist(t, uniqueEmail('kept-rejected'));
    await t.api.ok('RejectWaitlistEntry', { params: { waitlist_entry_id: rejected.id } });
    await t.api.fail(
      'DeleteWaitlistEntry',
      { params: { waitlist_entry_id: rejected.id } },
      409,
      'waitlist_entry_not_pending',
    );
  });

  it('an unknown entry is 404 for reject and delete', async () => {
    for (const op of ['RejectWaitlistEntry', 'DeleteWaitlistEntry'] as const) {
      await t.api.fail(op, { params: { waitlist_entry_id: UNKNOWN } }, 404, 'resource_not_found');
    }
  });

  it("another instance's entry is unknown", async () => {
    const other = await useTestInstance(dialect);
    const theirs = await addToWaitlist(other, uniqueEmail('theirs'));
    await t.api.fail(
      'DeleteWaitlistEntry',
      { params: { waitlist_entry_id: theirs.id } },
      404,
      'resource_not_found',
    );
  });
});

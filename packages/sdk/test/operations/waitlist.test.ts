import { expect, it } from 'vitest';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('waitlist', (s) => {
  it('creates, lists, invites, rejects and deletes waitlist entries', async () => {
    const email = uniqueEmail('sdk-waitlist');
    const entry = await s.sdk.waitlistEntries.createWaitlistEntry({
      email_address: email,
      notify: false,
    });
    expect(entry).toMatchObject({ object: 'waitlist_entry', email_address: email });
    const again = await s.sdk.waitlistEntries.createWaitlistEntry({ email_address: email });
    expect(again.id).toBe(entry.id);

    const invited = await s.sdk.waitlistEntries.inviteWaitlistEntry({
      waitlist_entry_id: entry.id,
    });
    expect(invited.status).toBe('invited');
    expect(invited.invitation).toMatchObject({ object: 'invitation', status: 'pending' });
    await expectClerkError(
      s.sdk.waitlistEntries.inviteWaitlistEntry({ waitlist_entry_id: entry.id }),
      409,
      'waitlist_entry_already_invited',
    );

    const other = await s.sdk.waitlistEntries.createWaitlistEntry({
      email_address: uniqueEmail('sdk-rejected'),
      notify: false,
    });
    const rejected = await s.sdk.waitlistEntries.rejectWaitlistEntry({
      waitlist_entry_id: other.id,
    });
    expect(rejected.status).toBe('rejected');
    await expectClerkError(
      s.sdk.waitlistEntries.deleteWaitlistEntry({ waitlist_entry_id: other.id }),
      409,
      'waitlist_entry_not_pending',
    );

    const list = await s.sdk.waitlistEntries.listWaitlistEntries({
      status: 'invited',
      order_by: '-invited_at',
    });
    expect([list.total_count, list.data.map((e) => e.id)]).toEqual([1, [entry.id]]);

    const pending = await s.sdk.waitlistEntries.createWaitlistEntry({
      email_address: uniqueEmail('sdk-leaving'),
      notify: false,
    });
    expect(
      await s.sdk.waitlistEntries.deleteWaitlistEntry({ waitlist_entry_id: pending.id }),
    ).toEqual({ object: 'waitlist_entry', id: pending.id, deleted: true });
  });
});

import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';

/** The official client's waitlist calls, unchanged (`createBulk` is not in the spec). */
describe.each(testDialects())(
  '@clerk/backend waitlistEntries against Castellan (%s)',
  (dialect) => {
    const suite = useClerkBackend(dialect);

    it('creates, lists, invites, rejects and deletes entries', async () => {
      const waitlist = suite.clerk.waitlistEntries;
      const entry = await waitlist.create({
        emailAddress: 'sdk.waiting@example.com',
        notify: false,
      });
      expect(entry.id).toMatch(/^wle_/);
      expect([entry.emailAddress, entry.status, entry.invitation, entry.isLocked]).toEqual([
        'sdk.waiting@example.com',
        'pending',
        null,
        false,
      ]);
      expect((await waitlist.create({ emailAddress: 'SDK.waiting@example.com' })).id).toBe(
        entry.id,
      );

      const invited = await waitlist.invite(entry.id, { ignoreExisting: false });
      expect(invited.status).toBe('invited');
      expect(invited.invitation?.id).toMatch(/^inv_/);
      expect(invited.invitation?.emailAddress).toBe('sdk.waiting@example.com');
      const twice = await waitlist.invite(entry.id).catch((e: unknown) => e);
      expect(twice).toMatchObject({
        status: 409,
        errors: [{ code: 'waitlist_entry_already_invited' }],
      });

      const other = await waitlist.create({ emailAddress: 'sdk.other@example.com', notify: false });
      expect((await waitlist.reject(other.id)).status).toBe('rejected');
      const third = await waitlist.create({ emailAddress: 'sdk.third@example.com', notify: false });

      const list = await waitlist.list();
      expect(list.totalCount).toBe(3);
      expect(list.data.map((e) => e.id)).toEqual([third.id, other.id, entry.id]);
      const filtered = await waitlist.list({ status: 'rejected' });
      expect(filtered.data.map((e) => e.id)).toEqual([other.id]);
      const searched = await waitlist.list({ query: 'third', orderBy: '+email_address' });
      expect(searched.data.map((e) => e.id)).toEqual([third.id]);
      const paged = await waitlist.list({ orderBy: '+email_address', limit: 1, offset: 1 });
      expect([paged.totalCount, paged.data.map((e) => e.emailAddress)]).toEqual([
        3,
        ['sdk.third@example.com'],
      ]);

      const deleted = await waitlist.delete(third.id);
      expect([deleted.id, deleted.deleted]).toEqual([third.id, true]);
      const notPending = await waitlist.delete(other.id).catch((e: unknown) => e);
      expect(notPending).toMatchObject({
        status: 409,
        errors: [{ code: 'waitlist_entry_not_pending' }],
      });
    });
  },
);

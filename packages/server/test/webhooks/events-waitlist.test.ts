import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { acceptTicket } from '../waitlist/waitlist-helpers.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('waitlist entry events (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
  });

  it('created (with its confirmation email), updated by invite and reject, none for a repeat or a delete', async () => {
    const events = await watchEvents(t);
    const email = uniqueEmail('waiting');
    const entry = await api.ok('CreateWaitlistEntry', { body: { email_address: email } });
    await api.ok('CreateWaitlistEntry', { body: { email_address: email } });
    let recorded = await events.take();
    expect(typesOf(recorded)).toEqual(['waitlistEntry.created', 'email.created']);
    expect(dataOf(recorded, 'waitlistEntry.created')).toEqual(entry);
    expect(dataOf(recorded, 'email.created')).toMatchObject({ slug: 'waitlist_confirmation' });

    const invited = await api.ok('InviteWaitlistEntry', {
      params: { waitlist_entry_id: entry.id },
      body: {},
    });
    recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'invitation.created',
      'email.created',
      'waitlistEntry.updated',
    ]);
    const updated = dataOf(recorded, 'waitlistEntry.updated');
    const { url, ...invitation } = invited.invitation!;
    expect(updated).toEqual({ ...invited, invitation });
    // The ticket is never in an event.
    expect(JSON.stringify(updated)).not.toContain(new URL(url!).searchParams.get('ticket'));

    const other = await api.ok('CreateWaitlistEntry', {
      body: { email_address: uniqueEmail('declined'), notify: false },
    });
    const rejected = await api.ok('RejectWaitlistEntry', {
      params: { waitlist_entry_id: other.id },
    });
    const gone = await api.ok('CreateWaitlistEntry', {
      body: { email_address: uniqueEmail('gone'), notify: false },
    });
    await api.ok('DeleteWaitlistEntry', { params: { waitlist_entry_id: gone.id } });
    recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'waitlistEntry.created',
      'waitlistEntry.updated',
      'waitlistEntry.created',
    ]);
    expect(recorded[1]!.payload.data).toEqual(rejected);
  });

  it('an accepted invitation completes the entry: waitlistEntry.updated in the same write', async () => {
    const entry = await api.ok('CreateWaitlistEntry', {
      body: { email_address: uniqueEmail('completing'), notify: false },
    });
    const invited = await api.ok('InviteWaitlistEntry', {
      params: { waitlist_entry_id: entry.id },
    });
    const events = await watchEvents(t);
    await acceptTicket(t, invited.invitation!.url);
    const recorded = await events.take({ http: 'none' });
    expect(typesOf(recorded)).toEqual(['invitation.accepted', 'waitlistEntry.updated']);
    expect(dataOf(recorded, 'waitlistEntry.updated')).toMatchObject({
      id: entry.id,
      status: 'completed',
      invitation: { id: invited.invitation!.id, status: 'accepted' },
    });
  });
});

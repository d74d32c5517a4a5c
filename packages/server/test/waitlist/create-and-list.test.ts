import { beforeAll, describe, expect, it } from 'vitest';
import { listMessages } from '../helpers/messages.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { addToWaitlist } from './waitlist-helpers.js';

describe.each(testDialects())('POST /v1/waitlist_entries (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('adds a pending entry and emails the waitlist confirmation by default', async () => {
    t.clock.set(Date.UTC(2026, 5, 1));
    const email = uniqueEmail('Waiter');
    const entry = await t.api.ok('CreateWaitlistEntry', {
      body: { email_address: `  ${email} ` },
    });
    expect(entry).toEqual({
      object: 'waitlist_entry',
      id: expect.stringMatching(/^wle_[0-9A-Za-z]{27}$/),
      email_address: email,
      status: 'pending',
      is_locked: false,
      invitation: null,
      created_at: Date.UTC(2026, 5, 1),
      updated_at: Date.UTC(2026, 5, 1),
    });
    const { data } = await listMessages(t, { to: email });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ channel: 'email', slug: 'waitlist_confirmation', to: email });
    t.clock.useRealTime();
  });

  it('with notify false sends nothing; notify null is the default (true)', async () => {
    const quiet = uniqueEmail('quiet');
    await addToWaitlist(t, quiet);
    expect((await listMessages(t, { to: quiet })).data).toHaveLength(0);
    const loud = uniqueEmail('loud');
    await t.api.ok('CreateWaitlistEntry', { body: { email_address: loud, notify: null } });
    expect((await listMessages(t, { to: loud })).data).toHaveLength(1);
  });

  it('is idempotent per address, case-insensitively: the existing entry, no second email', async () => {
    const email = uniqueEmail('again');
    const first = await t.api.ok('CreateWaitlistEntry', { body: { email_address: email } });
    const second = await t.api.ok('CreateWaitlistEntry', {
      body: { email_address: email.toUpperCase() },
    });
    expect(second).toEqual(first);
    expect((await listMessages(t, { to: email })).data).toHaveLength(1);
    // Rejected, it stays rejected: creating again answers the entry as it is.
    await t.api.ok('RejectWaitlistEntry', { params: { waitlist_entry_id: first.id } });
    const third = await t.api.ok('CreateWaitlistEntry', { body: { email_address: email } });
    expect(third).toMatchObject({ id: first.id, status: 'rejected' });
  });

  it('concurrent creates for one address make one entry, and each gets it', async () => {
    const email = uniqueEmail('racing');
    const entries = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.api.ok('CreateWaitlistEntry', {
          body: { email_address: i % 2 ? email.toUpperCase() : email, notify: false },
        }),
      ),
    );
    expect(new Set(entries.map((e) => e.id)).size).toBe(1);
    const listed = await t.api.ok('ListWaitlistEntries', { query: { query: email } });
    expect(listed.total_count).toBe(1);
  });

  it('refuses an invalid email address with 422 form_param_format_invalid', async () => {
    const body = await t.api.fail(
      'CreateWaitlistEntry',
      { body: { email_address: 'not-an-email' } },
      422,
      'form_param_format_invalid',
    );
    expect(body.errors[0]!.meta).toMatchObject({ param_name: 'email_address' });
  });

  it('refuses a missing email address', async () => {
    await t.api.fail('CreateWaitlistEntry', { body: {} as never }, 422, 'form_param_missing');
  });
});

describe.each(testDialects())('GET /v1/waitlist_entries (%s)', (dialect) => {
  let t: TestInstance;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    const base = Date.UTC(2026, 6, 1);
    const names = ['carol', 'alice', 'bob', 'dave'];
    for (const [i, name] of names.entries()) {
      t.clock.set(base + i * 1000);
      ids[name] = (await addToWaitlist(t, `${name}@Waitlist-List.example.com`)).id;
    }
    t.clock.set(base + 10_000);
    await t.api.ok('InviteWaitlistEntry', { params: { waitlist_entry_id: ids.bob! } });
    t.clock.set(base + 20_000);
    await t.api.ok('InviteWaitlistEntry', { params: { waitlist_entry_id: ids.alice! } });
    await t.api.ok('RejectWaitlistEntry', { params: { waitlist_entry_id: ids.dave! } });
    t.clock.useRealTime();
  });

  const list = (query: Record<string, unknown> = {}) =>
    t.api.ok('ListWaitlistEntries', { query: query as never });
  const emails = (entries: { email_address: string }[]) =>
    entries.map((e) => e.email_address.split('@')[0]);

  it('lists newest first with total_count, paged by limit and offset', async () => {
    const all = await list();
    expect(all.total_count).toBe(4);
    expect(emails(all.data)).toEqual(['dave', 'bob', 'alice', 'carol']);
    const page = await list({ limit: 2, offset: 1 });
    expect(page.total_count).toBe(4);
    expect(emails(page.data)).toEqual(['bob', 'alice']);
  });

  it('orders by email_address and invited_at (never invited last when descending)', async () => {
    expect(emails((await list({ order_by: '+email_address' })).data)).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
    ]);
    expect(emails((await list({ order_by: '-email_address' })).data)).toEqual([
      'dave',
      'carol',
      'bob',
      'alice',
    ]);
    expect(emails((await list({ order_by: '-invited_at' })).data)).toEqual([
      'alice',
      'bob',
      'dave',
      'carol',
    ]);
    expect(emails((await list({ order_by: '+created_at' })).data)).toEqual([
      'carol',
      'alice',
      'bob',
      'dave',
    ]);
  });

  it('refuses an order_by it does not know', async () => {
    await t.api.fail('ListWaitlistEntries', { query: { order_by: '-name' } }, 422);
  });

  it('filters by status', async () => {
    const invited = await list({ status: 'invited' });
    expect(invited.total_count).toBe(2);
    expect(emails(invited.data)).toEqual(['bob', 'alice']);
    // Invited in July: read now, its invitation (30 days) has expired.
    expect(invited.data[0]!.invitation).toMatchObject({
      object: 'invitation',
      email_address: 'bob@Waitlist-List.example.com',
      status: 'expired',
    });
    expect(emails((await list({ status: 'pending' })).data)).toEqual(['carol']);
    expect(emails((await list({ status: 'rejected' })).data)).toEqual(['dave']);
    expect(await list({ status: 'completed' })).toEqual({ data: [], total_count: 0 });
  });

  it('query matches part of the email, case-insensitively, or the ID', async () => {
    const byPart = await list({ query: 'ALICE@' });
    expect(emails(byPart.data)).toEqual(['alice']);
    const byDomain = await list({ query: 'waitlist-list.EXAMPLE' });
    expect(byDomain.total_count).toBe(4);
    const byId = await list({ query: ids.carol! });
    expect(emails(byId.data)).toEqual(['carol']);
    // Under three characters too (below the trigram size).
    expect(emails((await list({ query: 'b@' })).data)).toEqual(['bob']);
    expect(await list({ query: 'nobody-here' })).toEqual({ data: [], total_count: 0 });
    expect(emails((await list({ query: 'ce@', status: 'invited' })).data)).toEqual(['alice']);
  });

  it('sees only its own instance', async () => {
    const other = await useTestInstance(dialect);
    await addToWaitlist(other, 'alice@waitlist-list.example.com');
    expect((await list()).total_count).toBe(4);
    expect((await other.api.ok('ListWaitlistEntries', {})).total_count).toBe(1);
  });
});

import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureInstance } from '../../src/instances/instance-config-apply.js';
import { listMessages } from '../helpers/messages.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import { eventsOf, invitationRows, ticketOf } from './invitation-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDialects())('POST /v1/invitations (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('creates a pending invitation for 30 days, its ticket in the URL and only hashed at rest', async () => {
    t.clock.set(Date.UTC(2026, 2, 1));
    const email = uniqueEmail('Invitee');
    const created = await t.api.ok('CreateInvitation', {
      body: { email_address: `  ${email} `, public_metadata: { plan: 'pro', seats: 3 } },
    });
    expect(created).toMatchObject({
      object: 'invitation',
      email_address: email,
      public_metadata: { plan: 'pro', seats: 3 },
      revoked: false,
      status: 'pending',
      expires_at: Date.UTC(2026, 2, 1) + 30 * DAY,
      created_at: Date.UTC(2026, 2, 1),
      updated_at: Date.UTC(2026, 2, 1),
    });
    expect(created.id).toMatch(/^inv_[0-9A-Za-z]{27}$/);
    const ticket = ticketOf(created.url);
    expect(created.url).toBe(
      `https://${t.instance.frontendApi}/v1/tickets/accept?ticket=${ticket}`,
    );
    const row = (await invitationRows(t)).find((r) => r.id === created.id)!;
    expect(row.token_hash).toBe(createHash('sha256').update(ticket).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(ticket);
    expect(row.email_lower).toBe(email.toLowerCase());

    // The event carries the invitation without the ticket.
    const [event] = (await eventsOf(t, 'invitation.created')).filter((e) => e.id === created.id);
    expect(event).toEqual({ ...created, url: undefined });
    expect(JSON.stringify(event)).not.toContain(ticket);
    t.clock.useRealTime();
  });

  it('sends the invitation email by default, with the link, once committed', async () => {
    const email = uniqueEmail('mailed');
    const created = await t.api.ok('CreateInvitation', { body: { email_address: email } });
    const { data } = await listMessages(t, { to: email });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      channel: 'email',
      slug: 'invitation',
      to: email,
      subject: 'You have been invited to sign up',
      user_id: null,
      status: 'sent',
    });
    expect(data[0]!.body).toContain(created.url);
    expect(data[0]!.body).toContain('30 days');
    expect(await eventsOf(t, 'email.created')).toContainEqual(
      expect.objectContaining({ to_email_address: email, slug: 'invitation' }),
    );
  });

  it('sends nothing with notify: false; the waitlist template with template_slug', async () => {
    const quiet = uniqueEmail('quiet');
    await t.api.ok('CreateInvitation', { body: { email_address: quiet, notify: false } });
    expect((await listMessages(t, { to: quiet })).data).toEqual([]);

    const waitlisted = uniqueEmail('waitlisted');
    await t.api.ok('CreateInvitation', {
      body: { email_address: waitlisted, template_slug: 'waitlist_invitation', expires_in_days: 1 },
    });
    const [message] = (await listMessages(t, { to: waitlisted })).data;
    expect(message).toMatchObject({ slug: 'waitlist_invitation' });
    expect(message!.body).toContain('1 day.');
    // notify: null is the default, true.
    const nulled = uniqueEmail('nulled');
    await t.api.ok('CreateInvitation', { body: { email_address: nulled, notify: null } });
    expect((await listMessages(t, { to: nulled })).data).toHaveLength(1);
  });

  it('takes expires_in_days from 1 to 365 and a redirect_url', async () => {
    t.clock.set(Date.UTC(2026, 3, 1));
    const created = await t.api.ok('CreateInvitation', {
      body: {
        email_address: uniqueEmail(),
        expires_in_days: 365,
        redirect_url: 'https://app.example.com/welcome?from=invite',
        notify: false,
      },
    });
    expect(created.expires_at).toBe(Date.UTC(2026, 3, 1) + 365 * DAY);
    const row = (await invitationRows(t)).find((r) => r.id === created.id)!;
    expect(row.redirect_url).toBe('https://app.example.com/welcome?from=invite');
    for (const url of ['my-app://invited', '/welcome?from=invite']) {
      await t.api.ok('CreateInvitation', {
        body: { email_address: uniqueEmail(), redirect_url: url, notify: false },
      });
    }
    for (const days of [0, 366, -1]) {
      await t.api.fail(
        'CreateInvitation',
        { body: { email_address: uniqueEmail(), expires_in_days: days } },
        422,
        'form_param_value_invalid',
      );
    }
    t.clock.useRealTime();
  });

  it('refuses bad input with Clerk errors, writing nothing', async () => {
    const before = (await invitationRows(t)).length;
    await t.api.fail('CreateInvitation', { body: {} }, 422, 'form_param_missing');
    const bad = await t.api.fail(
      'CreateInvitation',
      { body: { email_address: 'not-an-email' } },
      422,
      'form_param_format_invalid',
    );
    expect(bad.errors[0]!.meta).toEqual({ param_name: 'email_address' });
    for (const url of [
      'javascript:alert(1)',
      'relative',
      '//evil.example',
      'not a url',
      'data://x',
    ]) {
      const body = await t.api.fail(
        'CreateInvitation',
        { body: { email_address: uniqueEmail(), redirect_url: url } },
        422,
        'form_param_format_invalid',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'redirect_url' });
    }
    // Every fault of the form at once.
    const both = await t.api.fail(
      'CreateInvitation',
      { body: { email_address: 'nope', redirect_url: 'nope' } },
      422,
    );
    expect(both.errors.map((e) => e.meta?.param_name)).toEqual(['email_address', 'redirect_url']);
    await t.api.fail(
      'CreateInvitation',
      { body: { email_address: uniqueEmail(), public_metadata: { big: 'x'.repeat(9000) } } },
      422,
      'form_param_exceeds_allowed_size',
    );
    await t.api.fail(
      'CreateInvitation',
      { rawBody: { email_address: uniqueEmail(), role: 'admin' } },
      422,
      'form_param_unknown',
    );
    await t.api.fail(
      'CreateInvitation',
      { rawBody: { email_address: uniqueEmail(), public_metadata: [1] } },
      422,
    );
    await t.api.fail(
      'CreateInvitation',
      { rawBody: { email_address: uniqueEmail(), template_slug: 'other' } },
      422,
      'form_param_value_invalid',
    );
    expect(await invitationRows(t)).toHaveLength(before);
  });

  it('refuses an address with a pending invitation unless ignore_existing', async () => {
    const email = uniqueEmail('twice');
    const first = await t.api.ok('CreateInvitation', { body: { email_address: email } });
    const body = await t.api.fail(
      'CreateInvitation',
      { body: { email_address: email.toUpperCase(), notify: false } },
      400,
      'duplicate_record',
    );
    expect(body.errors[0]).toMatchObject({
      message: 'duplicate invitation',
      long_message: `There are already pending invitations for the following email addresses: ${email.toUpperCase()}`,
      meta: { param_name: 'email_address', email_addresses: [email.toUpperCase()] },
    });
    // Nothing written: no second invitation, no second email.
    expect((await listMessages(t, { to: email })).data).toHaveLength(1);
    const second = await t.api.ok('CreateInvitation', {
      body: { email_address: email, ignore_existing: true, notify: false },
    });
    expect(second.id).not.toBe(first.id);

    // A revoked or expired invitation does not count.
    const revokedFor = uniqueEmail('revoked');
    const revoked = await t.api.ok('CreateInvitation', { body: { email_address: revokedFor } });
    await t.api.ok('RevokeInvitation', { params: { invitation_id: revoked.id } });
    await t.api.ok('CreateInvitation', { body: { email_address: revokedFor } });
    const expiredFor = uniqueEmail('expired');
    await t.api.ok('CreateInvitation', {
      body: { email_address: expiredFor, expires_in_days: 1 },
    });
    t.clock.set(Date.now() + DAY + 1000);
    await t.api.ok('CreateInvitation', { body: { email_address: expiredFor } });
    t.clock.useRealTime();
  });

  it("refuses a user's address (form_identifier_exists) unless ignore_existing", async () => {
    const email = uniqueEmail('member');
    await createTestUser(t.api, { email_address: [email] });
    const body = await t.api.fail(
      'CreateInvitation',
      { body: { email_address: email.toUpperCase() } },
      422,
      'form_identifier_exists',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'email_address' });
    expect((await listMessages(t, { to: email.toUpperCase() })).data).toEqual([]);
    await t.api.ok('CreateInvitation', {
      body: { email_address: email, ignore_existing: true, notify: false },
    });
    // A user of another instance is no user here.
    const other = await useTestInstance(dialect);
    const stranger = uniqueEmail('stranger');
    await createTestUser(other.api, { email_address: [stranger] });
    await t.api.ok('CreateInvitation', { body: { email_address: stranger, notify: false } });
  });

  it('refuses every invitation when the instance has email addresses off', async () => {
    const other = await useTestInstance(dialect);
    await configureInstance(other.database, other.instanceId, {
      identifiers: { email_address: 'off', username: 'required' },
    });
    const body = await other.api.fail(
      'CreateInvitation',
      { body: { email_address: uniqueEmail() } },
      400,
      'invitations_not_supported',
    );
    expect(body.errors[0]!.message).toBe(
      'Invitations are only supported on instances that accept email addresses.',
    );
    await other.api.fail(
      'CreateBulkInvitations',
      { body: [{ email_address: uniqueEmail() }] },
      400,
      'invitations_not_supported',
    );
  });

  it('lets only one of concurrent creates for one address through', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.api.call('CreateInvitation', { body: { email_address: email, notify: false } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400]);
    for (const r of results.filter((r) => r.status === 400)) {
      expect(r.body.errors[0].code).toBe('duplicate_record');
    }
    const rows = (await invitationRows(t)).filter((r) => r.email_lower === email.toLowerCase());
    expect(rows).toHaveLength(1);
  });
});

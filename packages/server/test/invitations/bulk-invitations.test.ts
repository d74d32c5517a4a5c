import { beforeAll, describe, expect, it } from 'vitest';
import { listMessages } from '../helpers/messages.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import { eventsOf, invitationRows } from './invitation-helpers.js';

describe.each(testDialects())('POST /v1/invitations/bulk (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('creates every invitation in one write, each with its own options, in order', async () => {
    const [a, b, c] = [uniqueEmail('bulk-a'), uniqueEmail('bulk-b'), uniqueEmail('bulk-c')];
    const created = await t.api.ok('CreateBulkInvitations', {
      body: [
        { email_address: a, public_metadata: { team: 'red' } },
        { email_address: b, notify: false, expires_in_days: 3, public_metadata: null },
        { email_address: c, redirect_url: 'https://app.example.com/join', notify: null },
      ],
    });
    expect(created.map((i) => i.email_address)).toEqual([a, b, c]);
    expect(created[0]).toMatchObject({ status: 'pending', public_metadata: { team: 'red' } });
    expect(created[1]!.public_metadata).toEqual({});
    expect(created[1]!.expires_at! - created[1]!.created_at).toBe(3 * 24 * 60 * 60 * 1000);
    for (const invitation of created)
      expect(invitation.url).toContain('/v1/tickets/accept?ticket=');
    expect((await listMessages(t, { to: a })).data).toHaveLength(1);
    expect((await listMessages(t, { to: b })).data).toEqual([]);
    expect((await listMessages(t, { to: c })).data).toHaveLength(1);
    const events = (await eventsOf(t, 'invitation.created')).map((e) => e.id);
    expect(events).toEqual(expect.arrayContaining(created.map((i) => i.id)));
  });

  it('writes nothing when one item fails, and names the failing item', async () => {
    const before = (await invitationRows(t)).length;
    const good = uniqueEmail('good');
    const body = await t.api.fail(
      'CreateBulkInvitations',
      {
        body: [
          { email_address: good },
          { email_address: 'broken' },
          { email_address: uniqueEmail(), redirect_url: 'javascript:x' },
        ],
      },
      422,
      'form_param_format_invalid',
    );
    expect(body.errors.map((e) => e.meta)).toEqual([
      { param_name: 'email_address', item_index: 1 },
      { param_name: 'redirect_url', item_index: 2 },
    ]);
    expect(await invitationRows(t)).toHaveLength(before);
    expect((await listMessages(t, { to: good })).data).toEqual([]);
  });

  it("refuses a user's address even with ignore_existing, as the spec says", async () => {
    const member = uniqueEmail('bulk-member');
    await createTestUser(t.api, { email_address: [member] });
    const before = (await invitationRows(t)).length;
    const body = await t.api.fail(
      'CreateBulkInvitations',
      {
        body: [{ email_address: uniqueEmail() }, { email_address: member, ignore_existing: true }],
      },
      422,
      'form_identifier_exists',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'email_address', item_index: 1 });
    expect(await invitationRows(t)).toHaveLength(before);
  });

  it('refuses pending invitations, within the request too, listing them in one error', async () => {
    const pending = uniqueEmail('bulk-pending');
    await t.api.ok('CreateInvitation', { body: { email_address: pending, notify: false } });
    const twice = uniqueEmail('bulk-twice');
    const before = (await invitationRows(t)).length;
    const body = await t.api.fail(
      'CreateBulkInvitations',
      {
        body: [
          { email_address: pending },
          { email_address: twice },
          { email_address: twice.toUpperCase() },
        ],
      },
      400,
      'duplicate_record',
    );
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.meta).toEqual({
      param_name: 'email_address',
      email_addresses: [pending, twice.toUpperCase()],
    });
    expect(await invitationRows(t)).toHaveLength(before);
    // ignore_existing on an item lets it through.
    const created = await t.api.ok('CreateBulkInvitations', {
      body: [
        { email_address: pending, ignore_existing: true, notify: false },
        { email_address: twice, notify: false },
        { email_address: twice, ignore_existing: true, notify: false },
      ],
    });
    expect(created).toHaveLength(3);
  });

  it('refuses an empty body, more than 10 items and unknown fields', async () => {
    await t.api.fail('CreateBulkInvitations', { body: [] }, 422);
    const eleven = Array.from({ length: 11 }, () => ({ email_address: uniqueEmail() }));
    await t.api.fail('CreateBulkInvitations', { body: eleven }, 422);
    await t.api.fail(
      'CreateBulkInvitations',
      { rawBody: [{ email_address: uniqueEmail(), role: 'x' }] },
      422,
      'form_param_unknown',
    );
    await t.api.fail('CreateBulkInvitations', { rawBody: { email_address: 'x@example.com' } }, 422);
    const missing = await t.api.fail(
      'CreateBulkInvitations',
      { rawBody: [{ email_address: uniqueEmail() }, {}] },
      422,
      'form_param_missing',
    );
    expect(missing.errors[0]!.meta).toEqual({ param_name: '1' });
  });

  it('applies the restrictions: a blocked address is refused (400: the spec has no 403)', async () => {
    const blocked = uniqueEmail('blocked');
    await t.api.ok('CreateBlocklistIdentifier', { body: { identifier: blocked } });
    await t.api.ok('UpdateInstanceRestrictions', { body: { blocklist: true } });
    const body = await t.api.fail(
      'CreateBulkInvitations',
      { body: [{ email_address: uniqueEmail() }, { email_address: blocked }] },
      400,
      'not_allowed_access',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'email_address', item_index: 1 });
    await t.api.fail(
      'CreateInvitation',
      { body: { email_address: blocked, ignore_existing: true } },
      400,
      'not_allowed_access',
    );
    await t.api.ok('UpdateInstanceRestrictions', { body: { blocklist: false } });
  });
});

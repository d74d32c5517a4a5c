import { beforeAll, describe, expect, it } from 'vitest';
import { listMessages } from '../helpers/messages.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';
import { eventsOf, invitationRows } from './invitation-helpers.js';

describe.each(testDialects())('CreateAllowlistIdentifier with notify (%s)', (dialect) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    // The allow-list on: the invitation reaches an address that only the entry lets in.
    await t.api.ok('UpdateInstanceRestrictions', { body: { allowlist: true } });
  });

  it('invites an email address in the same write and sends the email after it', async () => {
    const email = uniqueEmail('Allowed');
    const entry = await t.api.ok('CreateAllowlistIdentifier', {
      body: { identifier: email, notify: true },
    });
    expect(entry.invitation_id).toMatch(/^inv_/);
    const rows = (await invitationRows(t)).filter((r) => r.email_lower === email.toLowerCase());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: entry.invitation_id, status: 'pending' });
    const [message] = (await listMessages(t, { to: email })).data;
    expect(message).toMatchObject({ slug: 'invitation', status: 'sent' });
    expect(message!.body).toContain(`https://${t.instance.frontendApi}/v1/tickets/accept?ticket=`);
    const listed = await t.api.ok('ListInvitations', { query: { query: email } });
    expect(listed).toEqual([expect.objectContaining({ id: entry.invitation_id })]);
  });

  it('reuses a pending invitation of the address, with a new ticket, and no user check', async () => {
    const email = uniqueEmail('reinvited');
    await t.api.ok('UpdateInstanceRestrictions', { body: { allowlist: false } });
    const invitation = await t.api.ok('CreateInvitation', { body: { email_address: email } });
    await t.api.ok('UpdateInstanceRestrictions', { body: { allowlist: true } });
    const before = (await invitationRows(t)).find((r) => r.id === invitation.id)!;
    const entry = await t.api.ok('CreateAllowlistIdentifier', {
      body: { identifier: email, notify: true },
    });
    expect(entry.invitation_id).toBe(invitation.id);
    const after = (await invitationRows(t)).find((r) => r.id === invitation.id)!;
    expect(after.token_hash).not.toBe(before.token_hash);
    const messages = (await listMessages(t, { to: email })).data;
    expect(messages).toHaveLength(2);
    expect(messages[0]!.body).not.toBe(messages[1]!.body);

    // A user's address is invited too: allow-listing it is the point (as Clerk does).
    const member = uniqueEmail('member');
    await t.api.ok('CreateAllowlistIdentifier', { body: { identifier: member } });
    await createTestUser(t.api, { email_address: [member] });
    await t.api.ok('DeleteAllowlistIdentifier', {
      params: { identifier_id: (await allowlistIdOf(member))! },
    });
    const again = await t.api.ok('CreateAllowlistIdentifier', {
      body: { identifier: member, notify: true },
    });
    expect(again.invitation_id).toMatch(/^inv_/);
  });

  async function allowlistIdOf(identifier: string) {
    const row = await t.database.db
      .selectFrom('allowlist_identifiers')
      .select('id')
      .where('instance_id', '=', t.instanceId)
      .where('identifier', '=', identifier)
      .executeTakeFirst();
    return row?.id;
  }

  it('refuses notify for an email domain or a web3 wallet, writing nothing', async () => {
    const domain = await t.api.fail(
      'CreateAllowlistIdentifier',
      { body: { identifier: '*@notify.example.com', notify: true } },
      422,
      'form_conditional_param_disallowed',
    );
    expect(domain.errors[0]).toMatchObject({
      long_message: 'notify is not allowed when identifier is an email domain.',
      meta: { param_name: 'notify' },
    });
    await t.api.fail(
      'CreateAllowlistIdentifier',
      { body: { identifier: '0x52908400098527886E0F7030069857D2E4169EE7', notify: true } },
      422,
      'form_conditional_param_disallowed',
    );
    expect(await allowlistIdOf('*@notify.example.com')).toBeUndefined();
    // Without notify both are fine.
    await t.api.ok('CreateAllowlistIdentifier', {
      body: { identifier: '*@notify.example.com', notify: false },
    });
  });

  it('sends nothing without notify, and keeps a phone number’s notify stored only', async () => {
    const email = uniqueEmail('silent');
    const entry = await t.api.ok('CreateAllowlistIdentifier', { body: { identifier: email } });
    expect(entry).not.toHaveProperty('invitation_id');
    expect((await listMessages(t, { to: email })).data).toEqual([]);
    const phone = await t.api.ok('CreateAllowlistIdentifier', {
      body: { identifier: '+14155550123', notify: true },
    });
    expect(phone).not.toHaveProperty('invitation_id');
    expect((await listMessages(t, { to: '+14155550123' })).data).toEqual([]);
  });

  it('writes neither the entry nor the invitation when the entry is a duplicate', async () => {
    const email = uniqueEmail('dup');
    await t.api.ok('CreateAllowlistIdentifier', { body: { identifier: email } });
    const before = (await invitationRows(t)).length;
    await t.api.fail(
      'CreateAllowlistIdentifier',
      { body: { identifier: email, notify: true } },
      400,
      'duplicate_record',
    );
    expect(await invitationRows(t)).toHaveLength(before);
    expect((await listMessages(t, { to: email })).data).toEqual([]);
  });

  it("revokes the entry's pending invitation when the entry is deleted, not an accepted one", async () => {
    const email = uniqueEmail('removed');
    const entry = await t.api.ok('CreateAllowlistIdentifier', {
      body: { identifier: email, notify: true },
    });
    await t.api.ok('DeleteAllowlistIdentifier', { params: { identifier_id: entry.id! } });
    const row = (await invitationRows(t)).find((r) => r.id === entry.invitation_id)!;
    expect(row.status).toBe('revoked');
    expect(await eventsOf(t, 'invitation.revoked')).toContainEqual(
      expect.objectContaining({ id: entry.invitation_id, status: 'revoked' }),
    );
    // Deleting an entry whose invitation was revoked already changes nothing more.
    const again = await t.api.ok('CreateAllowlistIdentifier', {
      body: { identifier: email, notify: true },
    });
    expect(again.invitation_id).not.toBe(entry.invitation_id);
    await t.api.ok('RevokeInvitation', { params: { invitation_id: again.invitation_id! } });
    await t.api.ok('DeleteAllowlistIdentifier', { params: { identifier_id: again.id! } });
    // A block-list entry has no invitation.
    const blocked = await t.api.ok('CreateBlocklistIdentifier', { body: { identifier: email } });
    await t.api.ok('DeleteBlocklistIdentifier', { params: { identifier_id: blocked.id! } });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { runWrite } from '../../src/platform/write.js';
import {
  acceptInvitationTicket,
  findInvitationTicket,
} from '../../src/invitations/invitation-service.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { eventsOf, invitationRows, ticketOf } from './invitation-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDialects())('revoking and accepting invitations (%s)', (dialect) => {
  let t: TestInstance;
  const scope = () => scopeOn(t.app, { ...t, baseUrl: 'http://localhost' });
  const accept = (token: string) => runWrite(scope(), (tx) => acceptInvitationTicket(tx, token));
  const invite = (body: Record<string, unknown> = {}) =>
    t.api.ok('CreateInvitation', {
      body: { email_address: uniqueEmail('inv'), notify: false, ...body },
    });

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('revokes a pending invitation: revoked, its event, its ticket no longer redeemable', async () => {
    const created = await invite();
    t.clock.set(Date.now() + 5000);
    const revoked = await t.api.ok('RevokeInvitation', { params: { invitation_id: created.id } });
    expect(revoked).toEqual({
      object: 'invitation',
      id: created.id,
      email_address: created.email_address,
      public_metadata: {},
      revoked: true,
      status: 'revoked',
      expires_at: created.expires_at,
      created_at: created.created_at,
      updated_at: t.clock.now(),
    });
    expect(await eventsOf(t, 'invitation.revoked')).toContainEqual(revoked);
    await expect(accept(ticketOf(created.url))).rejects.toMatchObject({
      status: 400,
      errors: [{ code: 'ticket_invalid', longMessage: 'The ticket was revoked.' }],
    });
    t.clock.useRealTime();
  });

  it('refuses to revoke a revoked or accepted invitation, or an unknown one', async () => {
    const revoked = await invite();
    await t.api.ok('RevokeInvitation', { params: { invitation_id: revoked.id } });
    const again = await t.api.fail(
      'RevokeInvitation',
      { params: { invitation_id: revoked.id } },
      400,
      'invitation_already_revoked',
    );
    expect(again.errors[0]!.message).toBe('Invitation is already revoked.');

    const accepted = await invite();
    await accept(ticketOf(accepted.url));
    await t.api.fail(
      'RevokeInvitation',
      { params: { invitation_id: accepted.id } },
      400,
      'invitation_already_accepted',
    );
    const missing = await t.api.fail(
      'RevokeInvitation',
      { params: { invitation_id: 'inv_2abcdefghijklmnopqrstuvwxyz' } },
      404,
      'resource_not_found',
    );
    expect(missing.errors[0]!.long_message).toBe(
      'No invitation was found with id inv_2abcdefghijklmnopqrstuvwxyz.',
    );
    // Another instance's invitation is unknown here.
    const other = await useTestInstance(dialect);
    const theirs = await other.api.ok('CreateInvitation', {
      body: { email_address: uniqueEmail(), notify: false },
    });
    await t.api.fail('RevokeInvitation', { params: { invitation_id: theirs.id } }, 404);
  });

  it('revokes an expired invitation (Clerk refuses only accepted and revoked ones)', async () => {
    const created = await invite({ expires_in_days: 1 });
    t.clock.set(created.created_at + DAY + 1);
    const [listed] = await t.api.ok('ListInvitations', { query: { query: created.id } });
    expect(listed).toMatchObject({ status: 'expired' });
    const revoked = await t.api.ok('RevokeInvitation', { params: { invitation_id: created.id } });
    expect(revoked).toMatchObject({ status: 'revoked', revoked: true });
    t.clock.useRealTime();
  });

  it('accepts a ticket once, in the caller’s write, with its address and metadata', async () => {
    const created = await invite({
      public_metadata: { plan: 'team' },
      redirect_url: 'https://app.example.com/welcome',
    });
    const token = ticketOf(created.url);
    expect(await findInvitationTicket(scope(), token)).toEqual({
      id: created.id,
      status: 'pending',
      emailAddress: created.email_address,
      redirectUrl: 'https://app.example.com/welcome',
    });
    t.clock.set(Date.now() + 60_000);
    expect(await accept(token)).toEqual({
      id: created.id,
      emailAddress: created.email_address,
      publicMetadata: { plan: 'team' },
      redirectUrl: 'https://app.example.com/welcome',
    });
    const [listed] = await t.api.ok('ListInvitations', { query: { status: 'accepted' } });
    expect(listed).toMatchObject({
      id: created.id,
      status: 'accepted',
      revoked: false,
      updated_at: t.clock.now(),
    });
    expect(await eventsOf(t, 'invitation.accepted')).toContainEqual(listed);
    await expect(accept(token)).rejects.toMatchObject({
      errors: [{ code: 'ticket_invalid', longMessage: 'The ticket was already used.' }],
    });
    expect((await findInvitationTicket(scope(), token))!.status).toBe('accepted');
    t.clock.useRealTime();
  });

  it('refuses an expired ticket and one of no invitation of the instance; rolls back with the caller', async () => {
    const created = await invite({ expires_in_days: 2 });
    t.clock.set(created.created_at + 2 * DAY);
    await expect(accept(ticketOf(created.url))).rejects.toMatchObject({
      errors: [{ code: 'ticket_expired' }],
    });
    t.clock.useRealTime();
    await expect(accept('not-a-ticket')).rejects.toMatchObject({
      errors: [{ code: 'ticket_invalid' }],
    });
    expect(await findInvitationTicket(scope(), 'not-a-ticket')).toBeUndefined();
    const other = await useTestInstance(dialect);
    const theirs = await other.api.ok('CreateInvitation', {
      body: { email_address: uniqueEmail(), notify: false },
    });
    await expect(accept(ticketOf(theirs.url))).rejects.toMatchObject({
      errors: [{ code: 'ticket_invalid' }],
    });
    // The caller's write fails after accepting: the invitation stays pending.
    const pending = await invite();
    await expect(
      runWrite(scope(), async (tx) => {
        await acceptInvitationTicket(tx, ticketOf(pending.url));
        throw new Error('sign-up failed');
      }),
    ).rejects.toThrow('sign-up failed');
    const row = (await invitationRows(t)).find((r) => r.id === pending.id)!;
    expect(row.status).toBe('pending');
  });

  it('applies the restrictions to a single create, with the spec’s statuses', async () => {
    const outsider = uniqueEmail('outsider');
    await t.api.ok('UpdateInstanceRestrictions', { body: { allowlist: true } });
    const refused = await t.api.fail(
      'CreateInvitation',
      { body: { email_address: outsider } },
      400,
      'not_allowed_access',
    );
    expect(refused.errors[0]!.meta).toEqual({ param_name: 'email_address' });
    await t.api.ok('CreateAllowlistIdentifier', { body: { identifier: '*@example.com' } });
    await invite({ email_address: outsider });
    await t.api.ok('UpdateInstanceRestrictions', {
      body: { allowlist: false, block_disposable_email_domains: true },
    });
    await t.api.fail(
      'CreateInvitation',
      { body: { email_address: 'someone@mailinator.com' } },
      422,
      'form_email_address_blocked',
    );
    await t.api.ok('UpdateInstanceRestrictions', {
      body: { block_disposable_email_domains: false },
    });
  });
});

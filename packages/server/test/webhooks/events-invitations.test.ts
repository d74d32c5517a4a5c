import { beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitationTicket } from '../../src/invitations/invitation-service.js';
import { acceptOrganizationInvitation } from '../../src/organizations/organization-invitation-service.js';
import { runWrite } from '../../src/platform/write.js';
import { enableOrganizations } from '../helpers/organizations.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';
import { browserApi, dataOf, typesOf, watchEvents, type BrowserApi } from './event-helpers.js';

describe.each(testDialects())('invitation events (%s)', (dialect) => {
  let t: TestInstance;
  let api: BrowserApi;
  // The accept flows have no Backend API operation (the Frontend API's ticket flow runs
  // them); called through the service, with no request, so http_request is empty.
  const scope = () => scopeOn(t.app, { ...t, baseUrl: 'http://localhost' });
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = browserApi(t);
    await enableOrganizations(api);
  });

  const ticketOf = (url: string | null | undefined) =>
    new URL(url!).searchParams.get('ticket') ?? '';

  it('organization invitations: created (one and bulk), revoked, accepted', async () => {
    const admin = await api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('admin')], skip_password_requirement: true },
    });
    const organization = await api.ok('CreateOrganization', {
      body: { name: 'Inviting Org', created_by: admin.id },
    });
    const params = { organization_id: organization.id };
    const events = await watchEvents(t);
    const first = await api.ok('CreateOrganizationInvitation', {
      params,
      body: {
        email_address: uniqueEmail('orginv'),
        role: 'org:member',
        inviter_user_id: admin.id,
        public_metadata: { team: 'a' },
        notify: false,
      },
    });
    await api.ok('CreateOrganizationInvitationBulk', {
      params,
      body: [
        { email_address: uniqueEmail('bulk'), role: 'org:member', notify: false },
        { email_address: uniqueEmail('bulk'), role: 'org:admin', notify: false },
      ],
    });
    await api.ok('RevokeOrganizationInvitation', {
      params: { ...params, invitation_id: first.id },
      body: { requesting_user_id: admin.id },
    });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'organizationInvitation.created',
      'organizationInvitation.created',
      'organizationInvitation.created',
      'organizationInvitation.revoked',
    ]);
    expect(recorded[0]!.payload.data).toMatchObject({
      object: 'organization_invitation',
      id: first.id,
      organization_id: organization.id,
      inviter_id: admin.id,
      public_metadata: { team: 'a' },
      status: 'pending',
    });
    expect(recorded[3]!.payload.data).toMatchObject({ id: first.id, status: 'revoked' });

    const invitee = await api.ok('CreateUser', {
      body: { email_address: [uniqueEmail('invitee')], skip_password_requirement: true },
    });
    const pending = await api.ok('CreateOrganizationInvitation', {
      params,
      body: { email_address: invitee.email_addresses[0]!.email_address, role: 'org:member' },
    });
    const accepting = await watchEvents(t);
    await runWrite(scope(), (tx) =>
      acceptOrganizationInvitation(
        tx,
        'http://localhost',
        { token: ticketOf(pending.url) },
        invitee.id,
      ),
    );
    const accepted = await accepting.take({ http: 'none' });
    expect(typesOf(accepted)).toEqual([
      'organizationMembership.created',
      'organizationInvitation.accepted',
    ]);
    expect(dataOf(accepted, 'organizationInvitation.accepted')).toMatchObject({
      id: pending.id,
      status: 'accepted',
      user_id: invitee.id,
    });
  });

  it('application invitations: created, revoked and accepted carry the spec Invitation', async () => {
    const events = await watchEvents(t);
    const revokedOne = await api.ok('CreateInvitation', {
      body: { email_address: uniqueEmail('appinv'), notify: false },
    });
    const acceptedOne = await api.ok('CreateInvitation', {
      body: { email_address: uniqueEmail('appinv'), notify: false, public_metadata: { a: 1 } },
    });
    await api.ok('RevokeInvitation', { params: { invitation_id: revokedOne.id } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'invitation.created',
      'invitation.created',
      'invitation.revoked',
    ]);
    expect(recorded[2]!.payload.data).toMatchObject({ id: revokedOne.id, status: 'revoked' });

    await runWrite(scope(), (tx) => acceptInvitationTicket(tx, ticketOf(acceptedOne.url)));
    const accepted = await events.take({ http: 'none' });
    expect(dataOf(accepted, 'invitation.accepted')).toMatchObject({
      id: acceptedOne.id,
      status: 'accepted',
      public_metadata: { a: 1 },
    });
  });

  it('the allow-list with notify invites (invitation.created) and, deleted, revokes it', async () => {
    const email = uniqueEmail('allow');
    const events = await watchEvents(t);
    const entry = await api.ok('CreateAllowlistIdentifier', {
      body: { identifier: email, notify: true },
    });
    await api.ok('DeleteAllowlistIdentifier', { params: { identifier_id: entry.id! } });
    const recorded = await events.take();
    expect(typesOf(recorded)).toEqual([
      'invitation.created',
      'email.created',
      'invitation.revoked',
    ]);
    expect(recorded[0]!.payload.data).toMatchObject({
      id: entry.invitation_id,
      email_address: email,
      status: 'pending',
    });
    expect(recorded[2]!.payload.data).toMatchObject({ id: entry.invitation_id, revoked: true });
  });
});

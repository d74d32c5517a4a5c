import { describe, expect, it } from 'vitest';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';

/** The official client's invitation calls, unchanged (COMPAT.md: the list sends paginated=true). */
describe.each(testDialects())('@clerk/backend invitations against Castellan (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  it('creates, lists (paginated, filtered, ordered) and revokes invitations', async () => {
    const created = await suite.clerk.invitations.createInvitation({
      emailAddress: 'sdk.invitee@example.com',
      publicMetadata: { role: 'beta' },
      redirectUrl: 'https://app.example.com/accept',
      expiresInDays: 7,
      notify: false,
    });
    expect(created.id).toMatch(/^inv_/);
    expect(created.emailAddress).toBe('sdk.invitee@example.com');
    expect(created.publicMetadata).toEqual({ role: 'beta' });
    expect(created.status).toBe('pending');
    expect(created.revoked).toBe(false);
    expect(created.url).toContain('/v1/tickets/accept?ticket=');

    const [second, third] = await suite.clerk.invitations.createInvitationBulk([
      { emailAddress: 'sdk.bulk.one@example.com', notify: false },
      { emailAddress: 'sdk.bulk.two@example.com', ignoreExisting: true, notify: false },
    ]);
    expect(second!.emailAddress).toBe('sdk.bulk.one@example.com');
    expect(third!.emailAddress).toBe('sdk.bulk.two@example.com');

    const list = await suite.clerk.invitations.getInvitationList();
    expect(list.totalCount).toBe(3);
    expect(list.data.map((i) => i.id)).toEqual([third!.id, second!.id, created.id]);
    const byEmail = await suite.clerk.invitations.getInvitationList({
      orderBy: 'email_address',
      limit: 2,
    });
    expect(byEmail.totalCount).toBe(3);
    expect(byEmail.data.map((i) => i.emailAddress)).toEqual([
      'sdk.bulk.one@example.com',
      'sdk.bulk.two@example.com',
    ]);
    const searched = await suite.clerk.invitations.getInvitationList({ query: 'invitee' });
    expect(searched.data.map((i) => i.id)).toEqual([created.id]);

    const duplicate = await suite.clerk.invitations
      .createInvitation({ emailAddress: 'sdk.invitee@example.com' })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ status: 400, errors: [{ code: 'duplicate_record' }] });

    const revoked = await suite.clerk.invitations.revokeInvitation(created.id);
    expect(revoked.revoked).toBe(true);
    expect(revoked.status).toBe('revoked');
    const afterRevoke = await suite.clerk.invitations.getInvitationList();
    expect(afterRevoke.totalCount).toBe(2);
    const revokedOnly = await suite.clerk.invitations.getInvitationList({ status: 'revoked' });
    expect(revokedOnly.data.map((i) => i.id)).toEqual([created.id]);
    const again = await suite.clerk.invitations
      .revokeInvitation(created.id)
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 400, errors: [{ code: 'invitation_already_revoked' }] });
  });
});

import { expect, it } from 'vitest';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

describeOperations('access', (s) => {
  it('adds, lists and deletes allow-list and block-list identifiers', async () => {
    const allowed = await s.sdk.allowListBlockList.createAllowlistIdentifier({
      identifier: 'friend@example.com',
      notify: false,
    });
    expect(allowed).toMatchObject({
      object: 'allowlist_identifier',
      identifier: 'friend@example.com',
      identifier_type: 'email_address',
    });
    const allowList = await s.sdk.allowListBlockList.listAllowlistIdentifiers({});
    expect(allowList.map((x) => x.id)).toEqual([allowed.id]);
    expect(
      await s.sdk.allowListBlockList.deleteAllowlistIdentifier({ identifier_id: allowed.id! }),
    ).toMatchObject({ object: 'allowlist_identifier', id: allowed.id, deleted: true });

    const blocked = await s.sdk.allowListBlockList.createBlocklistIdentifier({
      identifier: '*@spam.example',
    });
    expect(blocked).toMatchObject({ object: 'blocklist_identifier', identifier: '*@spam.example' });
    const blockList = await s.sdk.allowListBlockList.listBlocklistIdentifiers();
    expect(blockList.data.map((x) => x.id)).toEqual([blocked.id]);
    expect(
      await s.sdk.allowListBlockList.deleteBlocklistIdentifier({ identifier_id: blocked.id! }),
    ).toMatchObject({ object: 'blocklist_identifier', id: blocked.id, deleted: true });
    await expectClerkError(
      s.sdk.allowListBlockList.deleteBlocklistIdentifier({ identifier_id: blocked.id! }),
      404,
      'resource_not_found',
    );
  });

  it('invites one address or several, lists and revokes invitations', async () => {
    const email = uniqueEmail('invited');
    const invitation = await s.sdk.invitations.createInvitation({
      email_address: email,
      public_metadata: { plan: 'trial' },
      notify: false,
    });
    expect(invitation).toMatchObject({
      object: 'invitation',
      email_address: email,
      public_metadata: { plan: 'trial' },
      status: 'pending',
    });
    const bulk = [uniqueEmail('bulk'), uniqueEmail('bulk')];
    const created = await s.sdk.invitations.createBulkInvitations({
      requestBody: bulk.map((email_address) => ({ email_address, notify: false })),
    });
    expect(created.map((i) => i.email_address)).toEqual(bulk);
    const listed = await s.sdk.invitations.listInvitations({ query: email });
    expect(listed.map((i) => i.id)).toEqual([invitation.id]);
    const revoked = await s.sdk.invitations.revokeInvitation({ invitation_id: invitation.id });
    expect([revoked.id, revoked.status]).toEqual([invitation.id, 'revoked']);
    await expectClerkError(
      s.sdk.invitations.createInvitation({ email_address: 'not an email' }),
      422,
      'form_param_format_invalid',
    );
  });

  it('creates, reads, lists and deletes redirect URLs', async () => {
    const url = 'https://app.example.com/callback';
    const created = await s.sdk.redirectUrls.createRedirectURL({ url });
    expect(created).toMatchObject({ object: 'redirect_url', url });
    expect(await s.sdk.redirectUrls.getRedirectURL({ id: created.id })).toEqual(created);
    expect((await s.sdk.redirectUrls.listRedirectURLs({})).map((r) => r.id)).toEqual([created.id]);
    expect(await s.sdk.redirectUrls.deleteRedirectURL({ id: created.id })).toMatchObject({
      object: 'redirect_url',
      id: created.id,
      deleted: true,
    });
    await expectClerkError(
      s.sdk.redirectUrls.getRedirectURL({ id: created.id }),
      404,
      'resource_not_found',
    );
  });
});

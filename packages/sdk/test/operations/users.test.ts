import { expect, it } from 'vitest';
import { DEFAULT_AVATAR_PNG } from '../../../server/src/images/default-avatar.js';
import { totpCode } from '../../../server/src/passwords/totp.js';
import {
  addExternalAccount,
  addPasskey,
  addTrustedDevice,
} from '../../../server/src/users/user-account-creation.js';
import { scopeOn } from '../../../server/test/helpers/test-scope.js';
import { uniqueEmail } from '../../../server/test/helpers/users.js';
import { describeOperations, expectClerkError } from './operations-suite.js';

const PASSWORD = 'correct-horse-battery-staple';
const MISSING_USER = 'user_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ';

describeOperations('users', (s) => {
  /** A service scope on the suite's instance, for what no Backend API call creates. */
  const scope = () =>
    scopeOn(s.t.app, { instance: s.t.instance, clock: s.t.clock, baseUrl: 'http://localhost' });
  const newUser = (extra: Parameters<typeof s.sdk.users.createUser>[0] = {}) =>
    s.sdk.users.createUser({ email_address: [uniqueEmail('sdk')], password: PASSWORD, ...extra });

  it('creates, reads, lists, counts, updates and deletes a user', async () => {
    const email = uniqueEmail('ada');
    const user = await s.sdk.users.createUser({
      email_address: [email],
      first_name: 'Ada',
      username: `ada_${Date.now()}`,
      password: PASSWORD,
      public_metadata: { plan: 'pro' },
    });
    expect(user).toMatchObject({
      object: 'user',
      first_name: 'Ada',
      public_metadata: { plan: 'pro' },
    });
    expect(user.email_addresses.map((e) => e.email_address)).toEqual([email]);
    expect(await s.sdk.users.getUser({ user_id: user.id })).toEqual(user);
    const listed = await s.sdk.users.getUserList({ email_address: [email] });
    expect(listed.map((u) => u.id)).toEqual([user.id]);
    expect(await s.sdk.users.getUsersCount({ email_address: [email] })).toEqual({
      object: 'total_count',
      total_count: 1,
    });

    const updated = await s.sdk.users.updateUser({ user_id: user.id, last_name: 'Lovelace' });
    expect([updated.id, updated.first_name, updated.last_name]).toEqual([
      user.id,
      'Ada',
      'Lovelace',
    ]);
    expect(await s.sdk.users.deleteUser({ user_id: user.id })).toEqual({
      object: 'user',
      id: user.id,
      deleted: true,
    });
    await expectClerkError(s.sdk.users.getUser({ user_id: user.id }), 404, 'resource_not_found');
  });

  it('refuses a taken email address with form_identifier_exists', async () => {
    const email = uniqueEmail('taken');
    await newUser({ email_address: [email] });
    await expectClerkError(newUser({ email_address: [email] }), 422, 'form_identifier_exists');
  });

  it('merges and replaces metadata', async () => {
    const user = await newUser({ public_metadata: { a: 1, b: 2 } });
    const merged = await s.sdk.users.updateUserMetadata({
      user_id: user.id,
      public_metadata: { b: null, c: 3 },
      private_metadata: { secret: true },
    });
    expect([merged.public_metadata, merged.private_metadata]).toEqual([
      { a: 1, c: 3 },
      { secret: true },
    ]);
    const replaced = await s.sdk.users.replaceUserMetadata({
      user_id: user.id,
      public_metadata: { only: 'this' },
    });
    expect(replaced.public_metadata).toEqual({ only: 'this' });
  });

  it('bans, unbans, locks and unlocks one user or several', async () => {
    const [a, b] = [await newUser(), await newUser()];
    expect((await s.sdk.users.banUser({ user_id: a.id })).banned).toBe(true);
    expect((await s.sdk.users.unbanUser({ user_id: a.id })).banned).toBe(false);
    const banned = await s.sdk.users.usersBan({ user_ids: [a.id, b.id] });
    expect(banned.map((u) => [u.id, u.banned])).toEqual([
      [a.id, true],
      [b.id, true],
    ]);
    const unbanned = await s.sdk.users.usersUnban({ user_ids: [a.id, b.id] });
    expect(unbanned.map((u) => u.banned)).toEqual([false, false]);
    expect((await s.sdk.users.lockUser({ user_id: a.id })).locked).toBe(true);
    expect((await s.sdk.users.unlockUser({ user_id: a.id })).locked).toBe(false);
    await expectClerkError(
      s.sdk.users.banUser({ user_id: MISSING_USER }),
      404,
      'resource_not_found',
    );
  });

  it('verifies and removes a password', async () => {
    const user = await newUser();
    expect(await s.sdk.users.verifyPassword({ user_id: user.id, password: PASSWORD })).toEqual({
      verified: true,
    });
    await expectClerkError(
      s.sdk.users.verifyPassword({ user_id: user.id, password: 'wrong-password-entirely' }),
      422,
      'form_password_incorrect',
    );
    const removed = await s.sdk.users.removeUserPassword({ user_id: user.id });
    expect([removed.id, removed.password_enabled]).toEqual([user.id, false]);
  });

  it('enrolls, verifies and removes TOTP, backup codes and all MFA', async () => {
    const now = Date.UTC(2026, 10, 1);
    s.t.clock.set(now);
    try {
      const user = await newUser({ backup_codes: ['backup-one'] });
      const totp = await s.sdk.users.createUserTOTP({ user_id: user.id });
      expect(totp).toMatchObject({ object: 'totp', secret: expect.any(String) });
      expect(
        await s.sdk.users.verifyTOTP({ user_id: user.id, code: totpCode(totp.secret!, now) }),
      ).toEqual({ verified: true, code_type: 'totp' });
      expect(await s.sdk.users.deleteTOTP({ user_id: user.id })).toEqual({ user_id: user.id });
      expect(await s.sdk.users.deleteBackupCode({ user_id: user.id })).toEqual({
        user_id: user.id,
      });
      await s.sdk.users.createUserTOTP({ user_id: user.id });
      expect(await s.sdk.users.disableMFA({ user_id: user.id })).toEqual({ user_id: user.id });
      expect((await s.sdk.users.getUser({ user_id: user.id })).totp_enabled).toBe(false);
    } finally {
      s.t.clock.useRealTime();
    }
  });

  it('uploads and deletes a profile image as multipart', async () => {
    const user = await newUser();
    const withImage = await s.sdk.users.setUserProfileImage({
      user_id: user.id,
      file: { fileName: 'avatar.png', content: DEFAULT_AVATAR_PNG, contentType: 'image/png' },
    });
    expect([withImage.id, withImage.has_image]).toEqual([user.id, true]);
    const without = await s.sdk.users.deleteUserProfileImage({ user_id: user.id });
    expect(without.has_image).toBe(false);
  });

  it('deletes passkeys, web3 wallets and external accounts, and reads OAuth tokens', async () => {
    const wallet = `0x${Date.now().toString(16).padStart(40, '0')}`;
    const user = await newUser({ web3_wallet: [wallet] });
    const withPasskey = await addPasskey(scope(), user.id, {
      name: 'Laptop',
      credentialId: `cred-${user.id}`,
      publicKey: 'pk',
    });
    const passkeyId = withPasskey.passkeys[0]!.id!;
    expect(
      await s.sdk.users.userPasskeyDelete({
        user_id: user.id,
        passkey_identification_id: passkeyId,
      }),
    ).toEqual({ object: 'passkey', id: passkeyId, deleted: true });
    const walletId = user.web3_wallets[0]!.id!;
    expect(
      await s.sdk.users.userWeb3WalletDelete({
        user_id: user.id,
        web3_wallet_identification_id: walletId,
      }),
    ).toEqual({ object: 'web3_wallet', id: walletId, deleted: true });

    const withAccount = await addExternalAccount(scope(), user.id, {
      provider: 'oauth_google',
      providerUserId: `google-${user.id}`,
      emailAddress: uniqueEmail('google'),
      approvedScopes: ['email'],
      accessToken: 'ya29.sdk-access',
    });
    const tokens = await s.sdk.users.getOAuthAccessToken({
      user_id: user.id,
      provider: 'oauth_google',
    });
    expect(tokens.map((x) => [x.provider, x.token])).toEqual([['oauth_google', 'ya29.sdk-access']]);
    const accountId = withAccount.external_accounts[0]!.id;
    expect(
      await s.sdk.users.deleteExternalAccount({ user_id: user.id, external_account_id: accountId }),
    ).toEqual({ object: 'external_account', id: accountId, deleted: true });
    await expectClerkError(
      s.sdk.users.deleteExternalAccount({ user_id: user.id, external_account_id: accountId }),
      404,
      'resource_not_found',
    );
  });

  it('lists and revokes trusted devices', async () => {
    const user = await newUser();
    const deviceId = await addTrustedDevice(scope(), user.id, {
      platform: 'ios',
      appIdentifier: 'com.example.app',
      name: 'iPhone',
      publicKey: 'pk-ios',
    });
    const listed = await s.sdk.users.listUserTrustedDevices({ user_id: user.id });
    expect([listed.total_count, listed.data.map((d) => d.id)]).toEqual([1, [deviceId]]);
    const revoked = await s.sdk.users.revokeUserTrustedDevice({
      user_id: user.id,
      trusted_device_id: deviceId,
    });
    expect([revoked.id, revoked.status]).toEqual([deviceId, 'revoked']);
  });

  it('lists a user’s organization memberships and invitations', async () => {
    await s.sdk.instanceSettings.updateInstanceOrganizationSettings({ enabled: true });
    const [owner, invitee] = [await newUser(), await newUser()];
    const org = await s.sdk.organizations.createOrganization({
      name: 'Users Org',
      created_by: owner.id,
    });
    const memberships = await s.sdk.users.usersGetOrganizationMemberships({ user_id: owner.id });
    expect(memberships.data.map((m) => [m.organization.id, m.role])).toEqual([
      [org.id, 'org:admin'],
    ]);
    const invitation = await s.sdk.organizationInvitations.createOrganizationInvitation({
      organization_id: org.id,
      email_address: invitee.email_addresses[0]!.email_address,
      role: 'org:member',
    });
    const invitations = await s.sdk.users.usersGetOrganizationInvitations({
      user_id: invitee.id,
      status: 'pending',
    });
    expect(invitations.data.map((i) => i.id)).toEqual([invitation.id]);
    expect(invitations.data[0]!.public_organization_data?.id).toBe(org.id);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.js';
import type { Scope } from '../../src/platform/scope.js';
import {
  addExternalAccount,
  addPasskey,
  addTrustedDevice,
} from '../../src/users/user-account-creation.js';
import { PNG } from '../profile/images.js';
import { scopeOn } from '../helpers/test-scope.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** The official client's profile image, passkey, wallet and external account calls (COMPAT.md). */
describe.each(testDialects())('@clerk/backend profile calls against Castellan (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);
  let scope: Scope;
  beforeAll(() => {
    scope = scopeOn(suite.server.app, {
      instance: suite.server.app.castellan.bootstrap.instance,
      clock: systemClock,
      baseUrl: suite.apiUrl,
    });
  });

  it('updateUserProfileImage uploads a Blob; the image is served at imageUrl; deleteUserProfileImage removes it', async () => {
    const created = await suite.clerk.users.createUser({
      emailAddress: [uniqueEmail('img')],
      skipPasswordRequirement: true,
    });
    expect(created.hasImage).toBe(false);
    expect(created.imageUrl.startsWith(`${suite.apiUrl}/images/`)).toBe(true);

    const updated = await suite.clerk.users.updateUserProfileImage(created.id, {
      file: new Blob([PNG], { type: 'image/png' }),
    });
    expect(updated.hasImage).toBe(true);
    expect(updated.imageUrl).toMatch(new RegExp(`^${suite.apiUrl}/images/img_`));
    const served = await fetch(updated.imageUrl, { headers: { connection: 'close' } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const notAnImage = await suite.clerk.users
      .updateUserProfileImage(created.id, { file: new Blob(['hello, world']) })
      .then(
        () => undefined,
        (e: unknown) => e as { status: number; errors: { code: string }[] },
      );
    expect(notAnImage?.status).toBe(422);
    expect(notAnImage?.errors[0]?.code).toBe('form_param_format_invalid');

    const deleted = await suite.clerk.users.deleteUserProfileImage(created.id);
    expect(deleted.hasImage).toBe(false);
    expect((await suite.clerk.users.getUser(created.id)).imageUrl).toBe(created.imageUrl);
  });

  it('reads passkeys and external accounts, deletes them and wallets, and reads OAuth tokens', async () => {
    const created = await suite.clerk.users.createUser({
      emailAddress: [uniqueEmail('acc')],
      skipPasswordRequirement: true,
      web3Wallet: ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'],
    } as never);
    await addPasskey(scope, created.id, {
      name: 'Laptop',
      credentialId: `sdk-${created.id}`,
      publicKey: 'pk',
    });
    await addExternalAccount(scope, created.id, {
      provider: 'oauth_google',
      providerUserId: `sdk-g-${created.id}`,
      emailAddress: 'sdk@example.com',
      firstName: 'Sdk',
      approvedScopes: ['email'],
      accessToken: 'ya29.sdk',
      tokenExpiresAt: 1_900_000_000_000,
    });
    await addTrustedDevice(scope, created.id, {
      platform: 'ios',
      appIdentifier: 'com.example',
      publicKey: 'pk',
    });
    const user = await suite.clerk.users.getUser(created.id);
    // The client's User has no passkeys field: they are in its raw JSON.
    const passkeys = (user.raw as unknown as { passkeys: { id: string; name: string }[] }).passkeys;
    expect(passkeys.map((p) => p.name)).toEqual(['Laptop']);
    expect(user.externalAccounts.map((a) => [a.provider, a.emailAddress])).toEqual([
      ['oauth_google', 'sdk@example.com'],
    ]);

    const tokens = await suite.clerk.users.getUserOauthAccessToken(created.id, 'google');
    expect(tokens.totalCount).toBe(1);
    expect(tokens.data.map((x) => [x.token, x.provider, x.expiresAt])).toEqual([
      ['ya29.sdk', 'oauth_google', 1_900_000_000_000],
    ]);

    const passkeyDeleted = await suite.clerk.users.deleteUserPasskey({
      userId: created.id,
      passkeyIdentificationId: passkeys[0]!.id,
    });
    expect(passkeyDeleted.deleted).toBe(true);
    const accountDeleted = await suite.clerk.users.deleteUserExternalAccount({
      userId: created.id,
      externalAccountId: user.externalAccounts[0]!.id,
    });
    expect(accountDeleted.deleted).toBe(true);
    const walletDeleted = await suite.clerk.users.deleteUserWeb3Wallet({
      userId: created.id,
      web3WalletIdentificationId: user.web3Wallets[0]!.id,
    });
    expect(walletDeleted.deleted).toBe(true);
    const after = await suite.clerk.users.getUser(created.id);
    expect([
      (after.raw as unknown as { passkeys: unknown[] }).passkeys,
      after.externalAccounts,
      after.web3Wallets,
    ]).toEqual([[], [], []]);
    expect((await suite.clerk.users.getUserOauthAccessToken(created.id, 'google')).data).toEqual(
      [],
    );
  });
});

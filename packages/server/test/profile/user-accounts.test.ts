import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/platform/scope.js';
import {
  addExternalAccount,
  addPasskey,
  addTrustedDevice,
} from '../../src/users/user-account-creation.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { scopeOf } from './images.js';

const MISSING_USER = 'user_2ZZZZZZZZZZZZZZZZZZZZZZZZZZ';

describe.each(testDialects())(
  'passkeys, wallets, external accounts, trusted devices (%s)',
  (dialect) => {
    let t: TestInstance;
    let api: Api;
    let scope: Scope;
    beforeAll(async () => {
      t = await useTestInstance(dialect);
      api = t.api;
      scope = scopeOf(t);
    });

    const google = (n: number, extra: Record<string, unknown> = {}) => ({
      provider: 'oauth_google',
      providerUserId: `google-${n}-${Math.random()}`,
      emailAddress: `g${n}@example.com`,
      firstName: 'Grace',
      lastName: 'Hopper',
      approvedScopes: ['email', 'profile'],
      accessToken: `ya29.access-${n}`,
      refreshToken: `1//refresh-${n}`,
      tokenExpiresAt: 1_900_000_000_000 + n,
      ...extra,
    });

    describe('passkeys', () => {
      it('are on the user object and UserPasskeyDelete removes one', async () => {
        const user = await createTestUser(api);
        t.clock.set(1_800_000_000_000);
        await addPasskey(scope, user.id, {
          name: 'MacBook',
          credentialId: `c-${user.id}`,
          publicKey: 'pk1',
        });
        t.clock.advance(1000);
        const after = await addPasskey(scope, user.id, {
          name: 'Phone',
          credentialId: `d-${user.id}`,
          publicKey: 'pk2',
          lastUsedAt: 1_800_000_000_500,
        });
        t.clock.useRealTime();
        const fetched = await api.ok('GetUser', { params: { user_id: user.id } });
        expect(fetched).toEqual(after);
        expect(fetched.passkeys.map((p) => [p.name, p.last_used_at])).toEqual([
          ['MacBook', 1_800_000_000_000],
          ['Phone', 1_800_000_000_500],
        ]);
        expect(fetched.passkeys[0]!.verification?.status).toBe('verified');
        const listed = await api.ok('GetUserList', { query: { user_id: [user.id] } });
        expect(listed[0]!.passkeys).toHaveLength(2);

        const id = fetched.passkeys[0]!.id!;
        expect(
          await api.ok('UserPasskeyDelete', {
            params: { user_id: user.id, passkey_identification_id: id },
          }),
        ).toEqual({ object: 'passkey', id, deleted: true });
        const left = await api.ok('GetUser', { params: { user_id: user.id } });
        expect(left.passkeys.map((p) => p.name)).toEqual(['Phone']);
        await api.fail(
          'UserPasskeyDelete',
          { params: { user_id: user.id, passkey_identification_id: id } },
          404,
          'resource_not_found',
        );
      });

      it('another user’s passkey or an unknown user is 404, and nothing changes', async () => {
        const owner = await createTestUser(api);
        const other = await createTestUser(api);
        const withKey = await addPasskey(scope, owner.id, {
          name: 'Key',
          credentialId: `e-${owner.id}`,
          publicKey: 'pk',
        });
        const id = withKey.passkeys[0]!.id!;
        await api.fail(
          'UserPasskeyDelete',
          { params: { user_id: other.id, passkey_identification_id: id } },
          404,
          'resource_not_found',
        );
        await api.fail(
          'UserPasskeyDelete',
          { params: { user_id: MISSING_USER, passkey_identification_id: id } },
          404,
          'resource_not_found',
        );
        expect((await api.ok('GetUser', { params: { user_id: owner.id } })).passkeys).toHaveLength(
          1,
        );
      });
    });

    describe('web3 wallets', () => {
      it('UserWeb3WalletDelete removes a wallet; the primary falls to the next', async () => {
        const a = '0x52908400098527886e0f7030069857d2e4169ee7';
        const b = '0x8617e340b3d01fa5f11f306f4090fd50e238070d';
        const user = await createTestUser(api, { web3_wallet: [a, b] });
        expect(user.web3_wallets).toHaveLength(2);
        const [first, second] = user.web3_wallets;
        expect(user.primary_web3_wallet_id).toBe(first!.id);
        expect(
          await api.ok('UserWeb3WalletDelete', {
            params: { user_id: user.id, web3_wallet_identification_id: first!.id! },
          }),
        ).toEqual({ object: 'web3_wallet', id: first!.id, deleted: true });
        const after = await api.ok('GetUser', { params: { user_id: user.id } });
        expect(after.web3_wallets.map((w) => w.id)).toEqual([second!.id]);
        expect(after.primary_web3_wallet_id).toBe(second!.id);
        // The list filter and search follow the snapshots.
        expect(await api.ok('GetUserList', { query: { web3_wallet: [a] } })).toEqual([]);
        // The wallet is free again.
        expect((await createTestUser(api, { web3_wallet: [a] })).web3_wallets).toHaveLength(1);
        await api.fail(
          'UserWeb3WalletDelete',
          { params: { user_id: user.id, web3_wallet_identification_id: first!.id! } },
          404,
          'resource_not_found',
        );
        await api.fail(
          'UserWeb3WalletDelete',
          { params: { user_id: MISSING_USER, web3_wallet_identification_id: second!.id! } },
          404,
          'resource_not_found',
        );
      });
    });

    describe('external accounts and OAuth access tokens', () => {
      it('are on the user object without their tokens, and DeleteExternalAccount removes one', async () => {
        const user = await createTestUser(api);
        const withAccount = await addExternalAccount(scope, user.id, google(1));
        const account = withAccount.external_accounts[0]!;
        expect(account).toMatchObject({
          object: 'external_account',
          provider: 'oauth_google',
          email_address: 'g1@example.com',
          first_name: 'Grace',
          approved_scopes: 'email profile',
          verification: { status: 'verified', strategy: 'oauth_google' },
        });
        expect(JSON.stringify(withAccount)).not.toContain('ya29');
        expect(JSON.stringify(withAccount)).not.toContain('refresh-1');
        expect(await api.ok('GetUser', { params: { user_id: user.id } })).toEqual(withAccount);

        expect(
          await api.ok('DeleteExternalAccount', {
            params: { user_id: user.id, external_account_id: account.id },
          }),
        ).toEqual({ object: 'external_account', id: account.id, deleted: true });
        expect(
          (await api.ok('GetUser', { params: { user_id: user.id } })).external_accounts,
        ).toEqual([]);
        expect(
          await api.ok('GetOAuthAccessToken', {
            params: { user_id: user.id, provider: 'oauth_google' },
          }),
        ).toEqual([]);
        await api.fail(
          'DeleteExternalAccount',
          { params: { user_id: user.id, external_account_id: account.id } },
          404,
          'resource_not_found',
        );
        await api.fail(
          'DeleteExternalAccount',
          { params: { user_id: MISSING_USER, external_account_id: account.id } },
          404,
          'resource_not_found',
        );
      });

      it('GetOAuthAccessToken opens the sealed tokens of the provider’s accounts', async () => {
        const user = await createTestUser(api);
        await addExternalAccount(scope, user.id, google(2, { idToken: 'eyJ.id.token' }));
        await addExternalAccount(scope, user.id, google(3));
        await addExternalAccount(scope, user.id, {
          provider: 'oauth_github',
          providerUserId: `gh-${user.id}`,
          emailAddress: 'gh@example.com',
          accessToken: 'gho_token',
        });
        // Stored sealed, never in clear.
        const stored = await t.database.db
          .selectFrom('external_accounts')
          .select(['access_token', 'refresh_token'])
          .where('user_id', '=', user.id)
          .execute();
        for (const row of stored) expect(row.access_token).toMatch(/^v1:/);

        const tokens = await api.ok('GetOAuthAccessToken', {
          params: { user_id: user.id, provider: 'oauth_google' },
        });
        expect(tokens.map((x) => x.token)).toEqual(['ya29.access-2', 'ya29.access-3']);
        expect(tokens[0]).toMatchObject({
          object: 'oauth_access_token',
          provider: 'oauth_google',
          expires_at: 1_900_000_000_002,
          scopes: ['email', 'profile'],
          id_token: 'eyJ.id.token',
          label: null,
          public_metadata: {},
        });
        expect(tokens[1]).not.toHaveProperty('id_token');
        // The provider without its prefix names the same provider.
        expect(
          await api.ok('GetOAuthAccessToken', { params: { user_id: user.id, provider: 'google' } }),
        ).toEqual(tokens);
        const gh = await api.ok('GetOAuthAccessToken', {
          params: { user_id: user.id, provider: 'oauth_github' },
        });
        expect(gh.map((x) => x.token)).toEqual(['gho_token']);
        // Paged, and `paginated=true` (what @clerk/backend asks) gives { data, total_count }.
        const second = await api.ok('GetOAuthAccessToken', {
          params: { user_id: user.id, provider: 'oauth_google' },
          query: { limit: 1, offset: 1 },
        });
        expect(second.map((x) => x.token)).toEqual(['ya29.access-3']);
        const paged = (await api.ok('GetOAuthAccessToken', {
          params: { user_id: user.id, provider: 'oauth_google' },
          query: { paginated: true, limit: 1 },
        })) as unknown as { data: { token: string }[]; total_count: number };
        expect(paged.total_count).toBe(2);
        expect(paged.data.map((x) => x.token)).toEqual(['ya29.access-2']);
      });

      it('GetOAuthAccessToken: unknown user 404, malformed provider 422, bad paging 422', async () => {
        const user = await createTestUser(api);
        await api.fail(
          'GetOAuthAccessToken',
          { params: { user_id: MISSING_USER, provider: 'oauth_google' } },
          404,
          'resource_not_found',
        );
        for (const provider of ['Google!', 'oauth_', '%20', 'a'.repeat(80)]) {
          await api.fail(
            'GetOAuthAccessToken',
            { params: { user_id: user.id, provider } },
            422,
            'form_param_format_invalid',
          );
        }
        await api.fail(
          'GetOAuthAccessToken',
          { params: { user_id: user.id, provider: 'oauth_google' }, query: { limit: 0 } },
          422,
        );
      });
    });

    describe('trusted devices', () => {
      it('lists the active ones; RevokeUserTrustedDevice revokes one', async () => {
        const user = await createTestUser(api);
        t.clock.set(1_800_000_000_000);
        const first = await addTrustedDevice(scope, user.id, {
          platform: 'ios',
          appIdentifier: 'com.example.app',
          name: 'iPhone',
          publicKey: 'pk-ios',
        });
        t.clock.advance(1000);
        const second = await addTrustedDevice(scope, user.id, {
          platform: 'android',
          appIdentifier: 'com.example.app',
          publicKey: 'pk-android',
        });
        const listed = await api.ok('ListUserTrustedDevices', { params: { user_id: user.id } });
        expect(listed.total_count).toBe(2);
        expect(listed.data.map((d) => [d.id, d.platform, d.name, d.status])).toEqual([
          [first, 'ios', 'iPhone', 'active'],
          [second, 'android', null, 'active'],
        ]);
        t.clock.advance(5000);
        const revoked = await api.ok('RevokeUserTrustedDevice', {
          params: { user_id: user.id, trusted_device_id: first },
        });
        t.clock.useRealTime();
        expect(revoked).toMatchObject({
          object: 'trusted_device',
          id: first,
          status: 'revoked',
          revoked_at: 1_800_000_006_000,
          updated_at: 1_800_000_006_000,
          created_at: 1_800_000_000_000,
        });
        const after = await api.ok('ListUserTrustedDevices', { params: { user_id: user.id } });
        expect(after.data.map((d) => d.id)).toEqual([second]);
        // Revoked already, another user's, or unknown: not found.
        await api.fail(
          'RevokeUserTrustedDevice',
          { params: { user_id: user.id, trusted_device_id: first } },
          404,
          'resource_not_found',
        );
        const other = await createTestUser(api);
        await api.fail(
          'RevokeUserTrustedDevice',
          { params: { user_id: other.id, trusted_device_id: second } },
          404,
          'resource_not_found',
        );
        await api.fail(
          'RevokeUserTrustedDevice',
          { params: { user_id: MISSING_USER, trusted_device_id: second } },
          404,
          'resource_not_found',
        );
        await api.fail(
          'ListUserTrustedDevices',
          { params: { user_id: MISSING_USER } },
          404,
          'resource_not_found',
        );
        expect(await api.ok('ListUserTrustedDevices', { params: { user_id: other.id } })).toEqual({
          data: [],
          total_count: 0,
        });
      });
    });

    it('each change records user.updated in the outbox', async () => {
      const user = await createTestUser(api);
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('outbox')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('instance_id', '=', t.instanceId)
              .where('event_type', '=', 'user.updated')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const withKey = await addPasskey(scope, user.id, {
        name: 'K',
        credentialId: `o-${user.id}`,
        publicKey: 'pk',
      });
      await api.ok('UserPasskeyDelete', {
        params: { user_id: user.id, passkey_identification_id: withKey.passkeys[0]!.id! },
      });
      await api.ok('SetUserProfileImage', {
        params: { user_id: user.id },
        form: { file: { data: (await import('./images.js')).PNG } },
      });
      await api.ok('DeleteUserProfileImage', { params: { user_id: user.id } });
      expect(await count()).toBe(before + 4);
    });
  },
);

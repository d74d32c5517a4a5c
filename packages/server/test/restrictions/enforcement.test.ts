import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const PASSWORD = 'correct-horse-battery-staple';
const WALLET = '0x52908400098527886E0F7030069857D2E4169EE7';
const OTHER_WALLET = '0x0000000000000000000000000000000000000001';

describe.each(testDialects())('restrictions enforced on POST /v1/users (%s)', (dialect) => {
  let api: Api;
  let n = 0;
  /** A fresh local part, so users of different tests never collide. */
  const local = (name: string) => `${name}.${(n += 1)}`;
  const userCount = async () => (await api.ok('GetUsersCount')).total_count;
  const restrict = (body: Record<string, boolean>) =>
    api.ok('UpdateInstanceRestrictions', { body });
  const create = (body: Record<string, unknown>) =>
    api.call('CreateUser', { body: { password: PASSWORD, ...body } });

  /** Expects CreateUser to be refused with `status`/`code`, and no user to be created. */
  async function expectRefused(body: Record<string, unknown>, status: number, code: string) {
    const before = await userCount();
    const response = await create(body);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.errors[0].code).toBe(code);
    expect(await userCount()).toBe(before);
    return response.body;
  }

  beforeAll(async () => {
    ({ api } = await useTestInstance(dialect));
  });
  beforeEach(async () => {
    await restrict({
      allowlist: false,
      blocklist: false,
      block_email_subaddresses: false,
      block_disposable_email_domains: false,
    });
  });

  describe('allow-list', () => {
    beforeAll(async () => {
      for (const identifier of ['*@allowed.test', 'Listed@Example.com', '+14155552671', WALLET]) {
        await api.ok('CreateAllowlistIdentifier', { body: { identifier } });
      }
    });

    it('admits listed identifiers and every address of a listed domain', async () => {
      await restrict({ allowlist: true });
      expect((await create({ email_address: [`${local('anyone')}@ALLOWED.test`] })).status).toBe(
        200,
      );
      expect((await create({ email_address: ['listed@example.com'] })).status).toBe(200);
      expect((await create({ phone_number: ['+1 415 555 2671'] })).status).toBe(200);
      expect((await create({ web3_wallet: [WALLET.toLowerCase()] })).status).toBe(200);
    });

    it('refuses an identifier not on it with not_allowed_access, naming each one', async () => {
      await restrict({ allowlist: true });
      const body = await expectRefused(
        {
          email_address: [`${local('ok')}@allowed.test`, 'stranger@example.com'],
          phone_number: ['+14155550100'],
          web3_wallet: [OTHER_WALLET],
        },
        403,
        'not_allowed_access',
      );
      expect(body.errors).toEqual([
        {
          code: 'not_allowed_access',
          message: 'Access not allowed.',
          long_message: 'stranger@example.com is not allowed to access this application.',
          meta: { param_name: 'email_address' },
        },
        expect.objectContaining({ meta: { param_name: 'phone_number' } }),
        expect.objectContaining({ meta: { param_name: 'web3_wallet' } }),
      ]);
      // A subdomain is not the listed domain.
      await expectRefused(
        { email_address: [`${local('x')}@sub.allowed.test`] },
        403,
        'not_allowed_access',
      );
    });

    it('is ignored while off, and admits a user with only a username', async () => {
      expect((await create({ email_address: [`${local('free')}@example.com`] })).status).toBe(200);
      await restrict({ allowlist: true });
      expect((await create({ username: `user_${local('u').replace('.', '_')}` })).status).toBe(200);
    });

    it('stops admitting an identifier once its entry is deleted', async () => {
      const entry = await api.ok('CreateAllowlistIdentifier', {
        body: { identifier: 'temporary@example.com' },
      });
      await restrict({ allowlist: true });
      await api.ok('DeleteAllowlistIdentifier', { params: { identifier_id: entry.id! } });
      await expectRefused({ email_address: ['temporary@example.com'] }, 403, 'not_allowed_access');
    });
  });

  describe('block-list', () => {
    beforeAll(async () => {
      for (const identifier of ['*@blocked.test', 'Banned@Example.com', '+14155550199']) {
        await api.ok('CreateBlocklistIdentifier', { body: { identifier } });
      }
      await api.ok('CreateBlocklistIdentifier', { body: { identifier: OTHER_WALLET } });
    });

    it('refuses listed identifiers and every address of a listed domain', async () => {
      await restrict({ blocklist: true });
      await expectRefused(
        { email_address: [`${local('a')}@Blocked.TEST`] },
        403,
        'not_allowed_access',
      );
      await expectRefused({ email_address: ['banned@example.com'] }, 403, 'not_allowed_access');
      await expectRefused({ phone_number: ['+1 (415) 555-0199'] }, 403, 'not_allowed_access');
      const body = await expectRefused({ web3_wallet: [OTHER_WALLET] }, 403, 'not_allowed_access');
      expect(body.errors[0].meta).toEqual({ param_name: 'web3_wallet' });
      expect((await create({ email_address: [`${local('fine')}@example.com`] })).status).toBe(200);
    });

    it('is ignored while off', async () => {
      expect((await create({ email_address: [`${local('b')}@blocked.test`] })).status).toBe(200);
    });

    it('wins over the allow-list', async () => {
      await api.ok('CreateAllowlistIdentifier', { body: { identifier: '*@blocked.test' } });
      await restrict({ allowlist: true, blocklist: true });
      await expectRefused(
        { email_address: [`${local('c')}@blocked.test`] },
        403,
        'not_allowed_access',
      );
    });
  });

  describe('email subaddresses', () => {
    it.each(['+', '=', '#'])('refuses a local part with %s when blocked', async (sign) => {
      const address = `${local('tag')}${sign}news@example.com`;
      expect((await create({ email_address: [address] })).status).toBe(200);
      await restrict({ block_email_subaddresses: true });
      const body = await expectRefused(
        { email_address: [address.replace('news', 'other')] },
        403,
        'not_allowed_access',
      );
      expect(body.errors[0]).toMatchObject({
        message: 'Email subaddress not allowed.',
        meta: { param_name: 'email_address' },
      });
    });
  });

  describe('disposable email domains', () => {
    it('refuses a disposable domain and its subdomains when blocked', async () => {
      expect((await create({ email_address: [`${local('d')}@mailinator.com`] })).status).toBe(200);
      await restrict({ block_disposable_email_domains: true });
      const body = await expectRefused(
        { email_address: [`${local('d')}@Mailinator.com`] },
        422,
        'form_email_address_blocked',
      );
      expect(body.errors[0].meta).toEqual({ param_name: 'email_address' });
      await expectRefused(
        { email_address: [`${local('d')}@inbox.mailinator.com`] },
        422,
        'form_email_address_blocked',
      );
      expect((await create({ email_address: [`${local('d')}@gmail.com`] })).status).toBe(200);
    });
  });

  it('leaves identifiers that are neither emails, phones nor wallets alone', async () => {
    await restrict({
      allowlist: true,
      blocklist: true,
      block_email_subaddresses: true,
      block_disposable_email_domains: true,
    });
    expect(
      (await create({ skip_password_requirement: true, skip_user_requirement: true })).status,
    ).toBe(200);
  });
});

import * as OTPAuth from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../../helpers/test-instance.js';
import { testDialects } from '../../helpers/test-server.js';
import { createTestUser } from '../../helpers/users.js';
import { UNKNOWN_USER, updatedEventsOf } from './authn-helpers.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const START = Date.UTC(2026, 2, 3, 10, 0, 10);

describe.each(testDialects())(
  'CreateUserTOTP, DeleteTOTP, DeleteBackupCode, DisableMFA (%s)',
  (dialect) => {
    let t: TestInstance;
    beforeAll(async () => {
      t = await useTestInstance(dialect);
    });

    it('CreateUserTOTP returns a secret and an otpauth URI an authenticator accepts', async () => {
      t.clock.set(START);
      const user = await createTestUser(t.api);
      expect(user).toMatchObject({ totp_enabled: false, mfa_enabled_at: null });
      const totp = await t.api.ok('CreateUserTOTP', { params: { user_id: user.id } });
      expect(totp).toMatchObject({ object: 'totp', verified: true, backup_codes: null });
      expect(totp.id).toMatch(/^totp_/);
      expect(totp.secret).toMatch(/^[A-Z2-7]{32}$/);
      const parsed = OTPAuth.URI.parse(totp.uri!) as OTPAuth.TOTP;
      expect(parsed).toBeInstanceOf(OTPAuth.TOTP);
      expect(parsed.secret.base32).toBe(totp.secret);
      expect(parsed.label).toBe(user.email_addresses[0]!.email_address);
      expect(parsed.issuer).toMatch(/^suite-/);
      expect([parsed.algorithm, parsed.digits, parsed.period]).toEqual(['SHA1', 6, 30]);

      const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(got).toMatchObject({
        totp_enabled: true,
        two_factor_enabled: true,
        mfa_enabled_at: START,
      });
      const row = await t.database.db
        .selectFrom('users')
        .select('totp_secret')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).toMatch(/^v1:/);
      expect(row.totp_secret).not.toContain(totp.secret!);

      const verified = await t.api.ok('VerifyTOTP', {
        params: { user_id: user.id },
        body: { code: parsed.generate({ timestamp: START }) },
      });
      expect(verified).toEqual({ verified: true, code_type: 'totp' });
      expect((await updatedEventsOf(t, user.id)).map((e) => e.data.totp_enabled)).toEqual([true]);
      t.clock.useRealTime();
    });

    it('CreateUserTOTP for a user who has one is 403 totp_already_enabled; unknown user 404', async () => {
      const user = await createTestUser(t.api, { totp_secret: SECRET });
      await t.api.fail(
        'CreateUserTOTP',
        { params: { user_id: user.id } },
        403,
        'totp_already_enabled',
      );
      await t.api.fail(
        'CreateUserTOTP',
        { params: { user_id: UNKNOWN_USER } },
        404,
        'resource_not_found',
      );
    });

    it('DeleteTOTP removes the TOTP (idempotent), records user.updated; unknown user 404', async () => {
      const user = await createTestUser(t.api, { totp_secret: SECRET });
      const deleted = await t.api.ok('DeleteTOTP', { params: { user_id: user.id } });
      expect(deleted).toEqual({ user_id: user.id });
      const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(got).toMatchObject({ totp_enabled: false, two_factor_enabled: false });
      expect(got.mfa_disabled_at).toEqual(expect.any(Number));
      expect(await t.api.ok('DeleteTOTP', { params: { user_id: user.id } })).toEqual({
        user_id: user.id,
      });
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, body: { code: '123456' } },
        400,
      );
      await t.api.fail(
        'DeleteTOTP',
        { params: { user_id: UNKNOWN_USER } },
        404,
        'resource_not_found',
      );
      // The second delete had nothing to remove: one event only.
      expect((await updatedEventsOf(t, user.id)).map((e) => e.data.totp_enabled)).toEqual([false]);
      // A new TOTP can be created once the old one is gone.
      await t.api.ok('CreateUserTOTP', { params: { user_id: user.id } });
    });

    it('DeleteBackupCode removes every backup code; unknown user 404', async () => {
      const user = await createTestUser(t.api, { totp_secret: SECRET, backup_codes: ['echo-555'] });
      expect(await t.api.ok('DeleteBackupCode', { params: { user_id: user.id } })).toEqual({
        user_id: user.id,
      });
      const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(got).toMatchObject({
        backup_code_enabled: false,
        totp_enabled: true,
        mfa_disabled_at: null,
      });
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, body: { code: 'echo-555' } },
        422,
      );
      await t.api.fail(
        'DeleteBackupCode',
        { params: { user_id: UNKNOWN_USER } },
        404,
        'resource_not_found',
      );
    });

    it('DisableMFA of a TOTP and a phone reserved through the API sets mfa_disabled_at', async () => {
      const user = await createTestUser(t.api, { totp_secret: SECRET });
      await t.api.ok('CreatePhoneNumber', {
        body: {
          user_id: user.id,
          phone_number: '+14155552672',
          verified: true,
          reserved_for_second_factor: true,
        },
      });
      await t.api.ok('DisableMFA', { params: { user_id: user.id } });
      const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(got.two_factor_enabled).toBe(false);
      expect(got.mfa_disabled_at).toBe(got.updated_at);
    });

    it('DisableMFA turns every second factor off, SMS included', async () => {
      const user = await createTestUser(t.api, {
        totp_secret: SECRET,
        backup_codes: ['foxtrot-666'],
        phone_number: ['+14155552671'],
      });
      await t.database.db
        .updateTable('phone_numbers')
        .set({ reserved_for_second_factor: true, default_second_factor: true })
        .where('user_id', '=', user.id)
        .execute();
      expect(await t.api.ok('DisableMFA', { params: { user_id: user.id } })).toEqual({
        user_id: user.id,
      });
      const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(got).toMatchObject({
        totp_enabled: false,
        backup_code_enabled: false,
        two_factor_enabled: false,
      });
      expect(got.phone_numbers[0]).toMatchObject({
        phone_number: '+14155552671',
        reserved_for_second_factor: false,
        default_second_factor: false,
      });
      expect(got.mfa_disabled_at).toEqual(expect.any(Number));
      await t.api.fail(
        'DisableMFA',
        { params: { user_id: UNKNOWN_USER } },
        404,
        'resource_not_found',
      );
      expect((await updatedEventsOf(t, user.id)).map((e) => e.data.two_factor_enabled)).toEqual([
        false,
      ]);
      const plain = await createTestUser(t.api);
      expect(await t.api.ok('DisableMFA', { params: { user_id: plain.id } })).toEqual({
        user_id: plain.id,
      });
      expect(await updatedEventsOf(t, plain.id)).toEqual([]);
    });
  },
);

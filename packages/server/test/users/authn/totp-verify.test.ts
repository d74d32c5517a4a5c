import { beforeAll, describe, expect, it } from 'vitest';
import { useTestInstance, type TestInstance } from '../../helpers/test-instance.js';
import { testDialects } from '../../helpers/test-server.js';
import { createTestUser } from '../../helpers/users.js';
import {
  authenticatorCode,
  expectUserLocked,
  setLockout,
  UNKNOWN_USER,
  updatedEventsOf,
} from './authn-helpers.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const START = Date.UTC(2026, 2, 3, 10, 0, 10);
const STEP = 30_000;

describe.each(testDialects())(
  'POST /users/{id}/verify_totp: TOTP and backup codes (%s)',
  (dialect) => {
    let t: TestInstance;
    beforeAll(async () => {
      t = await useTestInstance(dialect);
      await setLockout(t, { max_attempts: 4, duration_in_minutes: 15 });
    });

    const verifyTotp = (userId: string, code: string) =>
      t.api.call('VerifyTOTP', { params: { user_id: userId }, body: { code } });

    it('VerifyTOTP accepts the code of the step before and after, not two away', async () => {
      t.clock.set(START);
      const user = await createTestUser(t.api, { totp_secret: SECRET });
      const earlier = await verifyTotp(user.id, authenticatorCode(SECRET, START - STEP));
      expect(earlier.body).toEqual({ verified: true, code_type: 'totp' });
      const later = await verifyTotp(user.id, authenticatorCode(SECRET, START + STEP));
      expect(later.body).toEqual({ verified: true, code_type: 'totp' });
      t.clock.advance(10 * STEP);
      const tooOld = await verifyTotp(user.id, authenticatorCode(SECRET, t.clock.now() - 2 * STEP));
      expect(tooOld.status).toBe(422);
      expect(tooOld.body.errors[0]).toMatchObject({
        code: 'form_code_incorrect',
        meta: { param_name: 'code' },
      });
      const tooNew = await verifyTotp(user.id, authenticatorCode(SECRET, t.clock.now() + 2 * STEP));
      expect(tooNew.status).toBe(422);
      t.clock.useRealTime();
    });

    it('a TOTP code works once: a replay, or an older step after a newer, is refused', async () => {
      t.clock.set(START);
      const user = await createTestUser(t.api, { totp_secret: SECRET });
      const code = authenticatorCode(SECRET, START);
      expect((await verifyTotp(user.id, code)).status).toBe(200);
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, body: { code } },
        422,
        'form_code_incorrect',
      );
      const next = authenticatorCode(SECRET, START + STEP);
      expect((await verifyTotp(user.id, next)).status).toBe(200);
      t.clock.advance(STEP);
      const previous = authenticatorCode(SECRET, START);
      expect((await verifyTotp(user.id, previous)).status).toBe(422);
      t.clock.useRealTime();
    });

    it('concurrent uses of one TOTP code: exactly one succeeds', async () => {
      t.clock.set(START);
      const user = await createTestUser(t.api, { totp_secret: SECRET });
      const code = authenticatorCode(SECRET, START);
      const responses = await Promise.all(
        Array.from({ length: 4 }, () => verifyTotp(user.id, code)),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 422, 422, 422]);
      t.clock.useRealTime();
    });

    it('a backup code verifies once and is used up; the last one turns MFA off', async () => {
      t.clock.set(START);
      const user = await createTestUser(t.api, { backup_codes: ['alpha-111', 'bravo-222'] });
      expect(user).toMatchObject({ backup_code_enabled: true, two_factor_enabled: true });
      const first = await t.api.ok('VerifyTOTP', {
        params: { user_id: user.id },
        body: { code: 'alpha-111' },
      });
      expect(first).toEqual({ verified: true, code_type: 'backup_code' });
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, body: { code: 'alpha-111' } },
        422,
        'form_code_incorrect',
      );
      t.clock.advance(60_000);
      await t.api.ok('VerifyTOTP', { params: { user_id: user.id }, body: { code: 'bravo-222' } });
      const got = await t.api.ok('GetUser', { params: { user_id: user.id } });
      expect(got).toMatchObject({
        backup_code_enabled: false,
        two_factor_enabled: false,
        mfa_disabled_at: START + 60_000,
      });
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, body: { code: 'bravo-222' } },
        400,
        'totp_not_enabled',
      );
      const events = await updatedEventsOf(t, user.id);
      expect(events.map((e) => e.data.backup_code_enabled)).toEqual([true, false]);
      t.clock.useRealTime();
    });

    it('with both, a TOTP code or a backup code verifies', async () => {
      t.clock.set(START);
      const user = await createTestUser(t.api, {
        totp_secret: SECRET,
        backup_codes: ['charlie-333'],
      });
      const totp = await verifyTotp(user.id, authenticatorCode(SECRET, START));
      expect(totp.body.code_type).toBe('totp');
      const backup = await verifyTotp(user.id, 'charlie-333');
      expect(backup.body.code_type).toBe('backup_code');
      t.clock.useRealTime();
    });

    it('without TOTP or backup codes, 400 totp_not_enabled; unknown user 404', async () => {
      const user = await createTestUser(t.api);
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, body: { code: '123456' } },
        400,
        'totp_not_enabled',
      );
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: UNKNOWN_USER }, body: { code: '123456' } },
        404,
        'resource_not_found',
      );
    });

    it('a missing, non-string or huge code is refused without a 500', async () => {
      const user = await createTestUser(t.api, {
        totp_secret: SECRET,
        backup_codes: ['delta-444'],
      });
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, rawBody: {} },
        422,
        'form_param_missing',
      );
      await t.api.fail(
        'VerifyTOTP',
        { params: { user_id: user.id }, rawBody: { code: 123456 } },
        422,
        'form_param_format_invalid',
      );
      const huge = await verifyTotp(user.id, 'x'.repeat(5000));
      expect(huge.status).toBe(422);
    });

    it('wrong codes count against the lockout like wrong passwords', async () => {
      t.clock.set(START);
      const user = await createTestUser(t.api, { totp_secret: SECRET });
      for (const code of ['000000', '111111', '222222']) {
        await t.api.fail(
          'VerifyTOTP',
          { params: { user_id: user.id }, body: { code } },
          422,
          'form_code_incorrect',
        );
      }
      expect(
        await expectUserLocked(t, 'VerifyTOTP', { user_id: user.id }, { code: '333333' }),
      ).toBe(900);
      const right = authenticatorCode(SECRET, START);
      expect(await expectUserLocked(t, 'VerifyTOTP', { user_id: user.id }, { code: right })).toBe(
        900,
      );
      t.clock.advance(15 * 60_000);
      const after = await verifyTotp(user.id, authenticatorCode(SECRET, t.clock.now()));
      expect(after.body).toEqual({ verified: true, code_type: 'totp' });
      t.clock.useRealTime();
    });
  },
);

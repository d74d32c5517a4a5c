import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

// Issue 6: work a client could demand with one small request.
describe.each(testDialects())('work a request can demand (%s)', (dialect) => {
  let api: Api;
  beforeAll(async () => {
    api = (await useTestInstance(dialect)).api;
  });

  const create = (body: Record<string, unknown>) =>
    api.call('CreateUser', {
      body: { email_address: [uniqueEmail('bounds')], skip_password_requirement: true, ...body },
    });
  const update = (userId: string, body: Record<string, unknown>) =>
    api.call('UpdateUser', { params: { user_id: userId }, body });
  const codes = (n: number) => Array.from({ length: n }, (_, i) => `code-${i}-abcd`);

  it('accepts 20 backup codes and answers 21 or more with form_param_exceeds_allowed_size', async () => {
    const ok = await create({ backup_codes: codes(20) });
    expect(ok.status).toBe(200);
    expect(ok.body.backup_code_enabled).toBe(true);
    // 400 codes in one request used to cost 10 s of bcrypt: refused before any hashing.
    for (const n of [21, 400]) {
      const refused = await create({ backup_codes: codes(n) });
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0]).toMatchObject({
        code: 'form_param_exceeds_allowed_size',
        meta: { param_name: 'backup_codes' },
      });
    }
    const user = await createTestUser(api);
    const patched = await update(user.id, { backup_codes: codes(21) });
    expect(patched.status).toBe(422);
    expect(patched.body.errors[0].meta).toEqual({ param_name: 'backup_codes' });
  });

  it('refuses an over-long backup code and a digest above bcrypt cost 12', async () => {
    // Over bcrypt's 72 bytes; strings past 4,096 characters the schema refuses first.
    const long = await create({ backup_codes: ['x'.repeat(73)] });
    expect(long.status).toBe(422);
    expect(long.body.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'backup_codes' },
    });
    const costly = await create({
      backup_codes: ['$2a$13$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    });
    expect(costly.status).toBe(422);
    expect(costly.body.errors[0]).toMatchObject({
      code: 'form_param_value_invalid',
      meta: { param_name: 'backup_codes' },
    });
  });

  it('refuses a totp_secret of padding before any regex (it was quadratic)', async () => {
    // 100 KB ran 18 s on the event loop; the schema now stops strings at 4,096 characters,
    // and the secret's own bound (256) comes before any regex (totp.test.ts: 500 KB).
    for (const secret of [`${'='.repeat(4_000)}A`, `${' ='.repeat(2_000)}A`]) {
      const res = await create({ totp_secret: secret });
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({
        code: 'form_param_format_invalid',
        meta: { param_name: 'totp_secret' },
      });
    }
    const ok = await create({ totp_secret: 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP' });
    expect(ok.body.totp_enabled).toBe(true);
  });

  it('refuses a password digest over its cost cap with form_password_digest_invalid_code', async () => {
    const res = await create({
      password_hasher: 'bcrypt',
      password_digest: '$2a$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      code: 'form_password_digest_invalid_code',
      meta: { param_name: 'password_digest' },
    });
    expect(res.body.errors[0].long_message).toMatch(/bcrypt cost 31; at most 14/);
    const user = await createTestUser(api);
    const patched = await update(user.id, {
      password_hasher: 'phpass',
      password_digest: '$P$OCstlnSltBEkN0BxaVSIHVmRq/vJ3d/',
    });
    expect(patched.status).toBe(422);
    expect(patched.body.errors[0].long_message).toMatch(/2\^26 phpass rounds/);
  });

  it('accepts a digest at the cap', async () => {
    const res = await create({
      password_hasher: 'bcrypt',
      password_digest: '$2b$14$h/VqhQwiGJCNBciDWaqBm.2REymFkYnpEb2czDCyu0wmKhlPtLdGG',
    });
    expect(res.status).toBe(200);
    expect(res.body.password_enabled).toBe(true);
  });
});

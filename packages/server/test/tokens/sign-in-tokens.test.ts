import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptSignInToken } from '../../src/sign-in-tokens/sign-in-token-service.js';
import { runWrite } from '../../src/platform/write.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDialects())('sign-in tokens (%s)', (dialect) => {
  let t: TestInstance;
  let userId: string;
  const accept = (token: string) =>
    runWrite(scopeOn(t.app, { ...t, baseUrl: 'http://localhost' }), (tx) =>
      acceptSignInToken(tx, token),
    );
  const storedRow = (id: string) =>
    t.database.db.selectFrom('sign_in_tokens').selectAll().where('id', '=', id).executeTakeFirst();

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    userId = (await createTestUser(t.api)).id;
  });

  it('creates a pending token with its ticket URL on the frontend API, shown once', async () => {
    t.clock.set(Date.UTC(2026, 0, 1));
    const created = await t.api.ok('CreateSignInToken', { body: { user_id: userId } });
    expect(created).toMatchObject({
      object: 'sign_in_token',
      status: 'pending',
      user_id: userId,
      created_at: Date.UTC(2026, 0, 1),
      updated_at: Date.UTC(2026, 0, 1),
    });
    expect(created.id).toMatch(/^sit_[0-9A-Za-z]{27}$/);
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(
      `https://${t.instance.frontendApi}/v1/tickets/accept?ticket=${created.token}`,
    );
    const row = await storedRow(created.id);
    // Only the digest is kept; the default lifetime is Clerk's 30 days.
    expect(row!.token_hash).toBe(createHash('sha256').update(created.token!).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(Number(row!.expires_at)).toBe(Date.UTC(2026, 0, 1) + 30 * DAY);
    t.clock.useRealTime();
  });

  it('takes expires_in_seconds, 1 up to ten years', async () => {
    t.clock.set(Date.UTC(2026, 1, 1));
    const created = await t.api.ok('CreateSignInToken', {
      body: { user_id: userId, expires_in_seconds: 60 },
    });
    expect(Number((await storedRow(created.id))!.expires_at)).toBe(Date.UTC(2026, 1, 1) + 60_000);
    for (const bad of [0, -5]) {
      await t.api.fail(
        'CreateSignInToken',
        { body: { user_id: userId, expires_in_seconds: bad } },
        422,
        'form_param_value_invalid',
      );
    }
    const body = await t.api.fail(
      'CreateSignInToken',
      { body: { user_id: userId, expires_in_seconds: 10 * 365 * 86400 + 1 } },
      422,
      'form_param_value_invalid',
    );
    expect(body.errors[0]!.meta).toEqual({ param_name: 'expires_in_seconds' });
    await t.api.fail(
      'CreateSignInToken',
      { body: { user_id: userId, expires_in_seconds: 1.5 as number } },
      422,
    );
    t.clock.useRealTime();
  });

  it('refuses a missing or unknown user, an organization while they are off and unknown fields, storing nothing', async () => {
    const count = async () =>
      (
        await t.database.db
          .selectFrom('sign_in_tokens')
          .select('id')
          .where('instance_id', '=', t.instanceId)
          .execute()
      ).length;
    const before = await count();
    await t.api.fail('CreateSignInToken', { body: {} }, 422, 'form_param_missing');
    await t.api.fail(
      'CreateSignInToken',
      { body: { user_id: 'user_2abcdefghijklmnopqrstuvwxyz' } },
      404,
      'resource_not_found',
    );
    // Organizations are off (Clerk's default): an org_id is refused before anything else.
    await t.api.fail(
      'CreateSignInToken',
      { body: { user_id: userId, org_id: 'org_123' } },
      403,
      'organization_not_enabled_in_instance',
    );
    await t.api.fail(
      'CreateSignInToken',
      { rawBody: { user_id: userId, color: 'red' } },
      422,
      'form_param_unknown',
    );
    // A user of another instance is unknown here.
    const other = await useTestInstance(dialect);
    const stranger = await createTestUser(other.api);
    await t.api.fail('CreateSignInToken', { body: { user_id: stranger.id } }, 404);
    expect(await count()).toBe(before);
  });

  it('revokes a pending token, without showing the token again', async () => {
    const created = await t.api.ok('CreateSignInToken', { body: { user_id: userId } });
    t.clock.set(Date.now() + 5000);
    const revoked = await t.api.ok('RevokeSignInToken', {
      params: { sign_in_token_id: created.id },
    });
    expect(revoked).toEqual({
      object: 'sign_in_token',
      id: created.id,
      status: 'revoked',
      user_id: userId,
      url: null,
      created_at: created.created_at,
      updated_at: t.clock.now(),
    });
    expect((await storedRow(created.id))!.status).toBe('revoked');
    t.clock.useRealTime();
  });

  it('refuses to revoke a revoked, accepted or expired token, or an unknown one', async () => {
    const revoked = await t.api.ok('CreateSignInToken', { body: { user_id: userId } });
    await t.api.ok('RevokeSignInToken', { params: { sign_in_token_id: revoked.id } });
    const again = await t.api.fail(
      'RevokeSignInToken',
      { params: { sign_in_token_id: revoked.id } },
      400,
      'sign_in_token_cannot_be_revoked',
    );
    expect(again.errors[0]!.long_message).toContain('is revoked');

    const accepted = await t.api.ok('CreateSignInToken', { body: { user_id: userId } });
    await accept(accepted.token!);
    const body = await t.api.fail(
      'RevokeSignInToken',
      { params: { sign_in_token_id: accepted.id } },
      400,
      'sign_in_token_cannot_be_revoked',
    );
    expect(body.errors[0]!.long_message).toContain('is accepted');

    const expiring = await t.api.ok('CreateSignInToken', {
      body: { user_id: userId, expires_in_seconds: 10 },
    });
    t.clock.set(expiring.created_at + 10_000);
    const expired = await t.api.fail(
      'RevokeSignInToken',
      { params: { sign_in_token_id: expiring.id } },
      400,
      'sign_in_token_cannot_be_revoked',
    );
    expect(expired.errors[0]!.long_message).toContain('is expired');
    expect((await storedRow(expiring.id))!.status).toBe('pending');
    t.clock.useRealTime();

    await t.api.fail(
      'RevokeSignInToken',
      { params: { sign_in_token_id: 'sit_2abcdefghijklmnopqrstuvwxyz' } },
      404,
      'resource_not_found',
    );
  });

  it('is redeemed once by the frontend API, then refused; expired and revoked ones are refused', async () => {
    const created = await t.api.ok('CreateSignInToken', {
      body: { user_id: userId, expires_in_seconds: 60 },
    });
    expect(await accept(created.token!)).toEqual({
      id: created.id,
      userId,
      organizationId: null,
    });
    expect((await storedRow(created.id))!.status).toBe('accepted');
    await expect(accept(created.token!)).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ code: 'ticket_invalid' })],
    });
    await expect(accept('not-a-ticket')).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_invalid' })],
    });

    const expiring = await t.api.ok('CreateSignInToken', {
      body: { user_id: userId, expires_in_seconds: 60 },
    });
    t.clock.set(expiring.created_at + 59_999);
    const late = await t.api.ok('CreateSignInToken', { body: { user_id: userId } });
    t.clock.set(expiring.created_at + 60_000);
    await expect(accept(expiring.token!)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_expired' })],
    });
    expect((await storedRow(expiring.id))!.status).toBe('pending');
    await t.api.ok('RevokeSignInToken', { params: { sign_in_token_id: late.id } });
    await expect(accept(late.token!)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_invalid' })],
    });
    t.clock.useRealTime();
  });

  it('is redeemed by one of two concurrent redemptions, never both', async () => {
    const created = await t.api.ok('CreateSignInToken', { body: { user_id: userId } });
    const results = await Promise.allSettled([accept(created.token!), accept(created.token!)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_invalid' })],
    });
  });

  it('takes a null expires_in_seconds as the 30-day default', async () => {
    t.clock.set(Date.UTC(2026, 8, 1));
    const created = await t.api.ok('CreateSignInToken', {
      body: { user_id: userId, expires_in_seconds: null },
    });
    expect(Number((await storedRow(created.id))!.expires_at)).toBe(Date.UTC(2026, 8, 1) + 30 * DAY);
    t.clock.useRealTime();
  });

  it('a token of another instance is not a ticket here', async () => {
    const other = await useTestInstance(dialect);
    const stranger = await createTestUser(other.api);
    const theirs = await other.api.ok('CreateSignInToken', { body: { user_id: stranger.id } });
    await expect(accept(theirs.token!)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_invalid' })],
    });
    await t.api.fail('RevokeSignInToken', { params: { sign_in_token_id: theirs.id } }, 404);
  });

  it('goes with its user when the user is deleted', async () => {
    const user = await createTestUser(t.api);
    const created = await t.api.ok('CreateSignInToken', { body: { user_id: user.id } });
    await t.api.ok('DeleteUser', { params: { user_id: user.id } });
    expect(await storedRow(created.id)).toBeUndefined();
  });
});

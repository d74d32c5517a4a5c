import { beforeAll, describe, expect, it } from 'vitest';
import { acceptActorToken } from '../../src/actor-tokens/actor-token-service.js';
import { runWrite } from '../../src/platform/write.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { scopeOn } from '../helpers/test-scope.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';

describe.each(testDialects())('actor tokens (%s)', (dialect) => {
  let t: TestInstance;
  let userId: string;
  const accept = (token: string) =>
    runWrite(scopeOn(t.app, { ...t, baseUrl: 'http://localhost' }), (tx) =>
      acceptActorToken(tx, token),
    );
  const storedRow = (id: string) =>
    t.database.db.selectFrom('actor_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  const countRows = async () =>
    (
      await t.database.db
        .selectFrom('actor_tokens')
        .select('id')
        .where('instance_id', '=', t.instanceId)
        .execute()
    ).length;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
    userId = (await createTestUser(t.api)).id;
  });

  it('creates a pending token carrying the whole actor, with Clerk’s default lifetimes', async () => {
    t.clock.set(Date.UTC(2026, 2, 1));
    const actor = { sub: 'user_admin', reason: { ticket: 42, tags: ['support'] } };
    const created = await t.api.ok('CreateActorToken', { body: { user_id: userId, actor } });
    expect(created).toMatchObject({
      object: 'actor_token',
      status: 'pending',
      user_id: userId,
      actor,
      created_at: Date.UTC(2026, 2, 1),
      updated_at: Date.UTC(2026, 2, 1),
    });
    expect(created.id).toMatch(/^act_[0-9A-Za-z]{27}$/);
    expect(created.url).toBe(
      `https://${t.instance.frontendApi}/v1/tickets/accept?ticket=${created.token}`,
    );
    const row = await storedRow(created.id);
    expect(Number(row!.expires_at)).toBe(Date.UTC(2026, 2, 1) + 3600_000);
    expect(Number(row!.session_max_duration_seconds)).toBe(1800);
    expect(JSON.stringify(row)).not.toContain(created.token);
    t.clock.useRealTime();
  });

  it('takes expires_in_seconds and session_max_duration_in_seconds, and hands them on when redeemed', async () => {
    const created = await t.api.ok('CreateActorToken', {
      body: {
        user_id: userId,
        actor: { sub: 'user_admin' },
        expires_in_seconds: 120,
        session_max_duration_in_seconds: 600,
      },
    });
    expect(Number((await storedRow(created.id))!.expires_at)).toBe(created.created_at + 120_000);
    expect(await accept(created.token!)).toEqual({
      id: created.id,
      userId,
      actor: { sub: 'user_admin' },
      sessionMaxDurationSeconds: 600,
    });
    expect((await storedRow(created.id))!.status).toBe('accepted');
    await expect(accept(created.token!)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_invalid' })],
    });
  });

  it('refuses bad input with precise codes and stores nothing', async () => {
    const before = await countRows();
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [{ actor: { sub: 'a' } }, 422, 'form_param_missing', 'user_id'],
      [{ user_id: userId }, 422, 'form_param_missing', 'actor'],
      [{ user_id: userId, actor: {} }, 422, 'form_param_missing'],
      [{ user_id: userId, actor: { sub: '  ' } }, 422, 'form_param_value_invalid', 'actor.sub'],
      [{ user_id: userId, actor: { sub: 7 } }, 422, 'form_param_format_invalid'],
      [{ user_id: userId, actor: 'user_admin' }, 422, 'form_param_format_invalid'],
      [
        { user_id: userId, actor: { sub: 'a', blob: 'x'.repeat(9000) } },
        422,
        'form_param_exceeds_allowed_size',
        'actor',
      ],
      [
        { user_id: userId, actor: { sub: 'a' }, expires_in_seconds: 0 },
        422,
        'form_param_value_invalid',
        'expires_in_seconds',
      ],
      [
        { user_id: userId, actor: { sub: 'a' }, session_max_duration_in_seconds: -1 },
        422,
        'form_param_value_invalid',
        'session_max_duration_in_seconds',
      ],
      [
        { user_id: 'user_2abcdefghijklmnopqrstuvwxyz', actor: { sub: 'a' } },
        400,
        'resource_not_found',
        'user_id',
      ],
    ];
    for (const [body, status, code, param] of cases) {
      const failure = await t.api.fail('CreateActorToken', { rawBody: body }, status, code);
      if (param)
        expect(failure.errors[0]!.meta, JSON.stringify(body)).toEqual({ param_name: param });
    }
    expect(await countRows()).toBe(before);
  });

  it('revokes a pending token; a revoked, accepted, expired or unknown one is refused', async () => {
    const pending = await t.api.ok('CreateActorToken', {
      body: { user_id: userId, actor: { sub: 'user_admin' } },
    });
    const revoked = await t.api.ok('RevokeActorToken', { params: { actor_token_id: pending.id } });
    expect(revoked).toMatchObject({
      id: pending.id,
      status: 'revoked',
      actor: { sub: 'user_admin' },
    });
    expect(revoked.token).toBeUndefined();
    expect(revoked.url).toBeUndefined();
    await t.api.fail(
      'RevokeActorToken',
      { params: { actor_token_id: pending.id } },
      400,
      'actor_token_cannot_be_revoked',
    );
    await expect(accept(pending.token!)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_invalid' })],
    });

    const used = await t.api.ok('CreateActorToken', {
      body: { user_id: userId, actor: { sub: 'user_admin' } },
    });
    await accept(used.token!);
    await t.api.fail(
      'RevokeActorToken',
      { params: { actor_token_id: used.id } },
      400,
      'actor_token_cannot_be_revoked',
    );

    const expiring = await t.api.ok('CreateActorToken', {
      body: { user_id: userId, actor: { sub: 'user_admin' }, expires_in_seconds: 30 },
    });
    t.clock.set(expiring.created_at + 30_000);
    const body = await t.api.fail(
      'RevokeActorToken',
      { params: { actor_token_id: expiring.id } },
      400,
      'actor_token_cannot_be_revoked',
    );
    expect(body.errors[0]!.long_message).toContain('is expired');
    await expect(accept(expiring.token!)).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'ticket_expired' })],
    });
    t.clock.useRealTime();

    await t.api.fail(
      'RevokeActorToken',
      { params: { actor_token_id: 'act_2abcdefghijklmnopqrstuvwxyz' } },
      404,
      'resource_not_found',
    );
  });
});

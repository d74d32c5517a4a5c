import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

let counter = 0;
const uniqueName = () => `Machine ${(counter += 1)}`;

describe.each(testDialects())('M2M tokens (%s)', (dialect) => {
  let t: TestInstance;
  let api: Api;
  /** `caller` is scoped to `target`; `stranger` to nothing. */
  let caller: { id: string; secret_key: string };
  let target: { id: string; secret_key: string };
  let stranger: { id: string; secret_key: string };
  beforeAll(async () => {
    t = await useTestInstance(dialect);
    api = t.api;
    target = await api.ok('CreateMachine', { body: { name: uniqueName() } });
    stranger = await api.ok('CreateMachine', { body: { name: uniqueName() } });
    caller = await api.ok('CreateMachine', {
      body: { name: uniqueName(), scoped_machines: [target.id], default_token_ttl: 600 },
    });
  });

  const mint = (body: Record<string, unknown> = {}, key = caller.secret_key) =>
    api.ok('createM2MToken', { body, secretKey: key });

  it('creates an opaque token with the machine key: subject, scopes, default TTL', async () => {
    const before = Date.now();
    const token = await mint({ claims: { role: 'reader' } });
    expect(token.token).toMatch(/^mt_[0-9A-Za-z]{48}$/);
    expect(token.id).toMatch(/^mt_[0-9a-f]{32}$/);
    expect(token.subject).toBe(caller.id);
    expect(token.scopes).toEqual([target.id]);
    expect(token.claims).toEqual({ role: 'reader' });
    expect(token.expiration! - token.created_at).toBe(600_000);
    expect(token.created_at).toBeGreaterThanOrEqual(before);
    const row = await t.database.db
      .selectFrom('m2m_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token.token);
    expect(row.token).toMatch(/^v1:/);
  });

  it('refuses the instance key, an unknown key and a bad body', async () => {
    await api.fail('createM2MToken', { body: {} }, 401, 'machine_secret_key_required');
    await api.fail(
      'createM2MToken',
      { body: {}, secretKey: `ak_${'x'.repeat(48)}` },
      401,
      'authentication_invalid',
    );
    await api.fail(
      'createM2MToken',
      { body: { claims: [1] }, secretKey: caller.secret_key },
      422,
      'form_param_value_invalid',
    );
    await api.fail(
      'createM2MToken',
      {
        body: { seconds_until_expiration: 60, min_remaining_ttl_seconds: 60 },
        secretKey: caller.secret_key,
      },
      400,
      'form_param_value_invalid',
    );
  });

  it('reuses a live opaque token with the same claims when min_remaining_ttl_seconds allows', async () => {
    const first = await mint({ claims: { job: 'sync' }, min_remaining_ttl_seconds: 100 });
    const again = await mint({ claims: { job: 'sync' }, min_remaining_ttl_seconds: 100 });
    expect([again.id, again.token]).toEqual([first.id, first.token]);
    const other = await mint({ claims: { job: 'other' }, min_remaining_ttl_seconds: 100 });
    expect(other.id).not.toBe(first.id);
    // 5 s later the first token has 595 s left: not enough for 598.
    t.clock.set(Date.now() + 5_000);
    try {
      const tooShort = await mint({ claims: { job: 'sync' }, min_remaining_ttl_seconds: 598 });
      expect(tooShort.id).not.toBe(first.id);
    } finally {
      t.clock.useRealTime();
    }
  });

  it('verifies with the instance key or a scoped machine key; others see not found', async () => {
    const { token, id } = await mint();
    const byInstance = await api.ok('verifyM2MToken', { body: { token } });
    expect(byInstance).toMatchObject({ id, subject: caller.id, revoked: false, expired: false });
    expect(byInstance.last_used_at).toEqual(expect.any(Number));
    const byTarget = await api.ok('verifyM2MToken', {
      body: { token },
      secretKey: target.secret_key,
    });
    expect(byTarget.id).toBe(id);
    await api.fail(
      'verifyM2MToken',
      { body: { token }, secretKey: stranger.secret_key },
      404,
      'm2m_token_not_found',
    );
    await api.fail('verifyM2MToken', { body: { token: `${token}x` } }, 404, 'm2m_token_not_found');
    const other = await useTestInstance(dialect);
    await other.api.fail('verifyM2MToken', { body: { token } }, 404, 'm2m_token_not_found');
    // A machine of another instance, even scoped there, never sees this instance's tokens.
    const foreign = await other.api.ok('CreateMachine', { body: { name: uniqueName() } });
    await other.api.fail(
      'verifyM2MToken',
      { body: { token }, secretKey: foreign.secret_key },
      404,
      'm2m_token_not_found',
    );
    await other.api.fail(
      'getM2MTokens',
      { query: { subject: caller.id }, secretKey: foreign.secret_key },
      403,
      'machine_not_scoped',
    );
  });

  it('refuses expired and revoked tokens', async () => {
    const short = await mint({ seconds_until_expiration: 30 });
    t.clock.set(Date.now() + 31_000);
    try {
      await api.fail('verifyM2MToken', { body: { token: short.token } }, 404, 'm2m_token_expired');
    } finally {
      t.clock.useRealTime();
    }
    const live = await mint();
    const revoked = await api.ok('revokeM2MToken', {
      params: { m2m_token_id: live.id },
      body: { revocation_reason: 'leaked' },
    });
    expect([revoked.revoked, revoked.revocation_reason]).toEqual([true, 'leaked']);
    await api.fail('verifyM2MToken', { body: { token: live.token } }, 404, 'm2m_token_revoked');
  });

  it('revokes with the owning machine key only', async () => {
    const live = await mint();
    await api.fail(
      'revokeM2MToken',
      { params: { m2m_token_id: live.id }, body: {}, secretKey: target.secret_key },
      404,
      'resource_not_found',
    );
    const own = await api.ok('revokeM2MToken', {
      params: { m2m_token_id: live.id },
      body: {},
      secretKey: caller.secret_key,
    });
    expect([own.revoked, own.revocation_reason]).toEqual([true, null]);
  });

  it('lists a machine’s tokens: live by default, revoked and expired on request', async () => {
    const m = await api.ok('CreateMachine', { body: { name: uniqueName() } });
    const a = await mint({}, m.secret_key);
    const b = await mint({ seconds_until_expiration: 1 }, m.secret_key);
    const c = await mint({}, m.secret_key);
    await api.ok('revokeM2MToken', { params: { m2m_token_id: c.id }, body: {} });
    t.clock.set(Date.now() + 2_000);
    try {
      const live = await api.ok('getM2MTokens', { query: { subject: m.id } });
      expect(live.m2m_tokens.map((x) => x.id)).toEqual([a.id]);
      expect(live.total_count).toBe(1);
      expect('token' in live.m2m_tokens[0]!).toBe(false);
      const all = await api.ok('getM2MTokens', {
        query: { subject: m.id, revoked: true, expired: true },
        secretKey: m.secret_key,
      });
      expect(all.m2m_tokens.map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      const paged = await api.ok('getM2MTokens', {
        query: { subject: m.id, revoked: true, expired: true, limit: 1, offset: 1 },
      });
      expect([paged.total_count, paged.m2m_tokens[0]?.id]).toEqual([3, b.id]);
    } finally {
      t.clock.useRealTime();
    }
    await api.fail(
      'getM2MTokens',
      { query: { subject: m.id }, secretKey: caller.secret_key },
      403,
      'machine_not_scoped',
    );
    await api.fail('getM2MTokens', { query: { subject: `mch_${'a'.repeat(27)}` } }, 404);
  });

  it('signs JWT tokens with the instance key, verifiable from the JWKS and by the server', async () => {
    const jwt = await mint({ token_format: 'jwt', claims: { tier: 'gold', sub: 'ignored' } });
    const header = decodeProtectedHeader(jwt.token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', cat: 'cl_B7d4PD333AAA' });
    const jwks = await api.ok('GetJWKS', {});
    const { payload } = await jwtVerify(jwt.token, createLocalJWKSet(jwks as never));
    expect(payload).toMatchObject({ sub: caller.id, jti: jwt.id, tier: 'gold', scopes: target.id });
    const verified = await api.ok('verifyM2MToken', {
      body: { token: jwt.token },
      secretKey: target.secret_key,
    });
    expect(verified).toMatchObject({ id: jwt.id, subject: caller.id, claims: { tier: 'gold' } });
    const [h, p, s] = jwt.token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: target.id })).toString('base64url')}.${s}`;
    await api.fail('verifyM2MToken', { body: { token: tampered } }, 404, 'm2m_token_not_found');
    expect(p).toBeDefined();
    const listed = await api.ok('getM2MTokens', { query: { subject: caller.id } });
    expect(listed.m2m_tokens.some((x) => x.id === jwt.id)).toBe(false);
  });

  it('serves the same operations without /v1, as @clerk/backend calls them', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/m2m_tokens',
      headers: { authorization: `Bearer ${caller.secret_key}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(201);
    const { token } = response.json() as { token: string };
    const verified = await t.app.inject({
      method: 'POST',
      url: '/m2m_tokens/verify',
      headers: { ...t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ token }),
    });
    expect(verified.statusCode).toBe(200);
    const noKey = await t.app.inject({ method: 'GET', url: `/m2m_tokens?subject=${caller.id}` });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json()).toMatchObject({ errors: [{ code: expect.any(String) }] });
  });
});

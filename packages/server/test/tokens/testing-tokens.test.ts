import { beforeAll, describe, expect, it } from 'vitest';
import { isValidTestingToken } from '../../src/testing-tokens/testing-token-service.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('testing tokens (%s)', (dialect) => {
  let t: TestInstance;
  const isValid = (token: string, now: number, instanceId = t.instanceId) =>
    isValidTestingToken(t.database.db, instanceId, token, now);

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('issues a token in Clerk’s format that is valid for one hour', async () => {
    const now = Date.UTC(2026, 3, 1, 12, 0, 0, 250);
    t.clock.set(now);
    const created = await t.api.ok('CreateTestingToken');
    const issuedAt = Math.floor(now / 1000);
    expect(created.object).toBe('testing_token');
    expect(created.token).toMatch(new RegExp(`^${issuedAt}-[0-9A-Za-z]{37}$`));
    expect(created.expires_at).toBe(issuedAt + 3600);
    expect(await isValid(created.token, now)).toBe(true);
    expect(await isValid(created.token, (issuedAt + 3600) * 1000 - 1)).toBe(true);
    expect(await isValid(created.token, (issuedAt + 3600) * 1000)).toBe(false);
    t.clock.useRealTime();
  });

  it('stores only the token’s digest, and each token is new', async () => {
    const a = await t.api.ok('CreateTestingToken');
    const b = await t.api.ok('CreateTestingToken');
    expect(a.token).not.toBe(b.token);
    const rows = await t.database.db
      .selectFrom('testing_tokens')
      .selectAll()
      .where('instance_id', '=', t.instanceId)
      .execute();
    expect(JSON.stringify(rows)).not.toContain(a.token.split('-')[1]);
  });

  it('refuses tokens it did not issue, altered ones and another instance’s', async () => {
    const now = Date.now();
    const { token } = await t.api.ok('CreateTestingToken');
    const [prefix, secret] = token.split('-') as [string, string];
    expect(
      await isValid(`${prefix}-${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`, now),
    ).toBe(false);
    expect(await isValid(`${Number(prefix) + 1}-${secret}`, now)).toBe(false);
    expect(await isValid('', now)).toBe(false);
    expect(await isValid(`${token} `, now)).toBe(false);
    const other = await useTestInstance(dialect);
    expect(await isValid(token, now, other.instanceId)).toBe(false);
  });

  it('forgets expired tokens when it issues new ones', async () => {
    const start = Date.UTC(2026, 4, 1);
    t.clock.set(start);
    const old = await t.api.ok('CreateTestingToken');
    t.clock.set(start + 3600_000 + 1);
    await t.api.ok('CreateTestingToken');
    const rows = await t.database.db
      .selectFrom('testing_tokens')
      .select('expires_at')
      .where('instance_id', '=', t.instanceId)
      .execute();
    expect(rows.every((row) => Number(row.expires_at) > start + 3600_000)).toBe(true);
    expect(await isValid(old.token, start)).toBe(false);
    t.clock.useRealTime();
  });

  it('needs the secret key', async () => {
    await t.api.fail(
      'CreateTestingToken',
      { secretKey: null },
      401,
      'authorization_header_missing',
    );
  });
});

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInstance } from '../../src/instances/instance-service.js';
import { createInstanceResolver } from '../../src/instances/instance-resolver.js';
import {
  createSecretKey,
  listInstanceSecretKeys,
  pinSecretKey,
  revokeSecretKey,
  SecretKeyError,
} from '../../src/instances/secret-key-service.js';
import {
  generateSecretKey,
  hashSecretKey,
  secretKeyHint,
} from '../../src/instances/secret-keys.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

describe.each(testDialects())('several secret keys per instance (%s)', (dialect) => {
  let t: TestInstance;
  const countWith = async (key: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: '/v1/users/count',
        headers: { authorization: `Bearer ${key}` },
      })
    ).statusCode;

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a new key works beside the old one; only its hash and hint are stored', async () => {
    const { secretKey, row } = await createSecretKey(t.database, t.instanceId);
    expect(secretKey).toMatch(/^sk_test_[A-Za-z0-9]{42}$/);
    expect(row).toMatchObject({ hash: hashSecretKey(secretKey), hint: secretKeyHint(secretKey) });
    expect(await countWith(secretKey)).toBe(200);
    expect(await countWith(t.secretKey)).toBe(200);
    const keys = await listInstanceSecretKeys(t.database, t.instanceId);
    expect(keys.map((k) => k.hint)).toEqual([secretKeyHint(t.secretKey), row.hint]);
    const stored = JSON.stringify(
      await t.database.db.selectFrom('secret_keys').selectAll().execute(),
    );
    expect(stored).not.toContain(secretKey.slice(8));
  });

  it('a revoked key stops working on a node once its cache (10 s) has passed', async () => {
    const { secretKey, row } = await createSecretKey(t.database, t.instanceId);
    const resolve = createInstanceResolver(t.database.db);
    expect((await resolve(secretKey))?.id).toBe(t.instanceId);
    expect(await countWith(secretKey)).toBe(200); // cached by the server too
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const revoked = await revokeSecretKey(t.database, row.hint);
    expect(revoked).toMatchObject({ id: row.id, revoked_at: Date.now() });
    // Within the cache time a node may still accept it: that is why the CLI waits it out.
    vi.setSystemTime(revoked.revoked_at!);
    expect((await resolve(secretKey))?.id).toBe(t.instanceId);
    vi.setSystemTime(revoked.revoked_at! + 10_000);
    expect(await resolve(secretKey)).toBeUndefined();
    expect(await countWith(secretKey)).toBe(401);
    expect(await countWith(t.secretKey)).toBe(200);
    // A key never looked up before its revocation is refused at once.
    const other = await createSecretKey(t.database, t.instanceId);
    await revokeSecretKey(t.database, other.row.id);
    expect(await countWith(other.secretKey)).toBe(401);
  });

  it('refuses unknown, already revoked, ambiguous and last keys', async () => {
    await expect(revokeSecretKey(t.database, 'skey_nope')).rejects.toThrow(
      'No secret key skey_nope.',
    );
    const { row } = await createSecretKey(t.database, t.instanceId);
    await revokeSecretKey(t.database, row.id);
    await expect(revokeSecretKey(t.database, row.id)).rejects.toThrow('is already revoked');
    // Two keys sharing a hint (last four characters): the id must be given.
    await t.database.db
      .insertInto('secret_keys')
      .values({
        ...row,
        id: `${row.id}x`,
        hash: hashSecretKey(generateSecretKey()),
        revoked_at: null,
      })
      .execute();
    await expect(revokeSecretKey(t.database, row.hint)).rejects.toThrow(`${row.hint} names 2 keys`);
    await revokeSecretKey(t.database, `${row.id}x`);

    const lone = await createInstance(t.database.db, {
      name: 'lone',
      frontendApi: 'lone.localhost',
      secrets: t.app.castellan.secrets,
    });
    const [only] = await listInstanceSecretKeys(t.database, lone.instance.id);
    const error = await revokeSecretKey(t.database, only!.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretKeyError);
    expect((error as Error).message).toContain('is the last key of');
    expect(await listInstanceSecretKeys(t.database, lone.instance.id)).toMatchObject([
      { id: only!.id, revoked_at: null },
    ]);
    await expect(listInstanceSecretKeys(t.database, 'ins_missing')).rejects.toThrow(
      'No instance ins_missing.',
    );
  });

  it('pinning: an unrevoked key passes, a revoked one or another instance’s is refused', async () => {
    expect(await pinSecretKey(t.database.db, t.instanceId, t.secretKey, false)).toEqual([]);
    const { secretKey, row } = await createSecretKey(t.database, t.instanceId);
    await revokeSecretKey(t.database, row.id);
    await expect(pinSecretKey(t.database.db, t.instanceId, secretKey, true)).rejects.toThrow(
      'was revoked: a revoked key never works again',
    );
    const other = await createInstance(t.database.db, {
      name: 'other',
      frontendApi: 'other.localhost',
      secrets: t.app.castellan.secrets,
    });
    await expect(pinSecretKey(t.database.db, t.instanceId, other.secretKey, true)).rejects.toThrow(
      'belongs to another instance',
    );
    const fresh = generateSecretKey();
    await expect(pinSecretKey(t.database.db, other.instance.id, fresh, false)).rejects.toThrow(
      `is not the default instance's key (${secretKeyHint(other.secretKey)})`,
    );
    // Replacing adds the pinned key and revokes every other one.
    expect(await pinSecretKey(t.database.db, other.instance.id, fresh, true)).toEqual([
      secretKeyHint(other.secretKey),
    ]);
    const keys = await listInstanceSecretKeys(t.database, other.instance.id);
    expect(keys.filter((k) => k.revoked_at === null).map((k) => k.hint)).toEqual([
      secretKeyHint(fresh),
    ]);
    expect(await countWith(fresh)).toBe(200);
  });

  it('a production instance gets live keys', async () => {
    const prod = await createInstance(t.database.db, {
      name: 'prod',
      environment: 'production',
      frontendApi: 'clerk.prod.example',
      secrets: t.app.castellan.secrets,
    });
    expect(prod.secretKey).toMatch(/^sk_live_/);
    expect(prod.instance.publishableKey).toMatch(/^pk_live_/);
    const { secretKey } = await createSecretKey(t.database, prod.instance.id);
    expect(secretKey).toMatch(/^sk_live_/);
  });
});

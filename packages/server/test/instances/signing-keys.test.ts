import { createPublicKey, sign, verify, type JsonWebKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  listInstanceSigningKeys,
  removeSigningKey,
  rotateSigningKey,
  SigningKeyError,
} from '../../src/instances/signing-key-admin.js';
import { currentSigningKey } from '../../src/instances/signing-key-service.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(testDialects())('signing key rotation (%s)', (dialect) => {
  let t: TestInstance;
  const scope = () => ({
    db: t.database.db,
    secrets: t.app.castellan.secrets,
    instanceId: t.instanceId,
  });
  const jwks = async () => (await t.api.ok('GetJWKS')).keys as (JsonWebKey & { kid: string })[];

  /** An RS256 JWT signed with the instance's current key, as session tokens are. */
  async function mint(sub: string): Promise<string> {
    const key = await currentSigningKey(scope());
    const input = `${b64url({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${b64url({ sub })}`;
    return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
  }

  /** Verifies a token against the instance's JWKS as a Clerk SDK does: by `kid`. */
  async function verifies(token: string): Promise<boolean> {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const jwk = (await jwks()).find((k) => k.kid === kid);
    if (!jwk) return false;
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    return verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
  }

  beforeAll(async () => {
    t = await useTestInstance(dialect);
  });

  it('rotation: the new key signs, the old one keeps verifying until removed', async () => {
    const [first] = await listInstanceSigningKeys(t.database, t.instanceId);
    expect(first).toMatchObject({ signing: true, algorithm: 'RS256' });
    const oldToken = await mint('user_old');
    expect(await verifies(oldToken)).toBe(true);

    const added = await rotateSigningKey(t.database, t.app.castellan.secrets, t.instanceId);
    expect(added).toMatchObject({ instanceId: t.instanceId, signing: true });
    expect(
      (await listInstanceSigningKeys(t.database, t.instanceId)).map((k) => [k.kid, k.signing]),
    ).toEqual([
      [first!.kid, false],
      [added.kid, true],
    ]);
    expect((await jwks()).map((k) => k.kid)).toEqual([first!.kid, added.kid]);
    expect((await currentSigningKey(scope())).kid).toBe(added.kid);
    const newToken = await mint('user_new');
    expect(await verifies(newToken)).toBe(true);
    expect(await verifies(oldToken)).toBe(true);

    // The key that signs cannot be removed; the old one can, and its tokens stop verifying.
    await expect(removeSigningKey(t.database, added.kid)).rejects.toThrow('rotate first');
    expect(await removeSigningKey(t.database, first!.kid)).toMatchObject({ kid: first!.kid });
    expect((await jwks()).map((k) => k.kid)).toEqual([added.kid]);
    expect(await verifies(oldToken)).toBe(false);
    expect(await verifies(newToken)).toBe(true);
  });

  it('refuses the only key, unknown keys and unknown instances', async () => {
    const keys = await listInstanceSigningKeys(t.database, t.instanceId);
    expect(keys).toHaveLength(1);
    const error = await removeSigningKey(t.database, keys[0]!.kid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningKeyError);
    expect((error as Error).message).toContain('is the only signing key');
    await expect(removeSigningKey(t.database, 'key_missing')).rejects.toThrow(
      'No signing key key_missing.',
    );
    await expect(
      rotateSigningKey(t.database, t.app.castellan.secrets, 'ins_missing'),
    ).rejects.toThrow('No instance ins_missing.');
    expect(await jwks()).toHaveLength(1);
  });
});

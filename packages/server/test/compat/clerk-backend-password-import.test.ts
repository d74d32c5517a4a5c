import type { ClerkClient } from '@clerk/backend';
import { describe, expect, it } from 'vitest';
import { PASSWORD_VECTORS } from '../fixtures/password-vectors.js';
import { useClerkBackend } from '../helpers/clerk-backend.js';
import { testDialects } from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

/** `@clerk/backend`'s own `PasswordHasher` union: every value it can send. */
type SdkPasswordHasher = Parameters<ClerkClient['users']['createUser']>[0] extends infer P
  ? P extends { passwordHasher?: infer H }
    ? Exclude<H, undefined>
    : never
  : never;

/**
 * The SDK's hashers that Castellan verifies, as a record so the type checker fails this
 * file when an SDK update adds one; the one it lists and Castellan refuses is `awscognito`.
 */
const SDK_HASHER_SET: Record<Exclude<SdkPasswordHasher, 'awscognito'>, true> = {
  argon2i: true,
  argon2id: true,
  bcrypt: true,
  bcrypt_sha256_django: true,
  md5: true,
  pbkdf2_sha256: true,
  pbkdf2_sha256_django: true,
  pbkdf2_sha1: true,
  phpass: true,
  scrypt_firebase: true,
  scrypt_werkzeug: true,
  sha256: true,
  md5_phpass: true,
  ldap_ssha: true,
};
const SDK_HASHERS = Object.keys(SDK_HASHER_SET) as (keyof typeof SDK_HASHER_SET)[];

/** The official client imports digests of every hasher it knows (COMPAT.md). */
describe.each(testDialects())('@clerk/backend password digest import (%s)', (dialect) => {
  const suite = useClerkBackend(dialect);

  it.each(SDK_HASHERS)('createUser and updateUser take a %s digest', async (hasher) => {
    const vector = PASSWORD_VECTORS.find((v) => v.hasher === hasher)!;
    const created = await suite.clerk.users.createUser({
      emailAddress: [uniqueEmail('sdk-digest')],
      passwordDigest: vector.digest,
      passwordHasher: hasher,
    });
    expect(created.passwordEnabled).toBe(true);
    const other = await suite.clerk.users.createUser({
      emailAddress: [uniqueEmail('sdk-digest')],
      skipPasswordRequirement: true,
    });
    expect(other.passwordEnabled).toBe(false);
    const updated = await suite.clerk.users.updateUser(other.id, {
      passwordDigest: vector.digest,
      passwordHasher: hasher,
    });
    expect(updated.passwordEnabled).toBe(true);
  });

  it('awscognito is a ClerkAPIResponseError 422 that says why', async () => {
    const error = await suite.clerk.users
      .createUser({
        emailAddress: [uniqueEmail('sdk-cognito')],
        passwordDigest: 'awscognito#us-east-1_pool#client#someone',
        passwordHasher: 'awscognito',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, clerkError: true });
    const { errors } = error as {
      errors: { code: string; longMessage?: string; meta?: { paramName?: string } }[];
    };
    expect(errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { paramName: 'password_hasher' },
    });
    expect(errors[0]!.longMessage).toMatch(/`awscognito` is not supported: .*Cognito user pool/);
  });
});

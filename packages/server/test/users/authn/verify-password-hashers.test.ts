import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_VECTORS } from '../../fixtures/password-vectors.js';
import { useTestInstance, type TestInstance } from '../../helpers/test-instance.js';
import { testDialects } from '../../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../../helpers/users.js';

/**
 * Every published or independently made digest (test/fixtures/password-vectors.ts), imported
 * through `CreateUser`, verifies through `VerifyPassword` with its password and not with
 * another: the whole path a migrated user's first sign-in takes.
 */
describe.each(testDialects())(
  'POST /users/{id}/verify_password for every hasher (%s)',
  (dialect) => {
    let t: TestInstance;
    beforeAll(async () => {
      t = await useTestInstance(dialect);
    });

    it.each(PASSWORD_VECTORS.map((v, i) => [`${v.hasher} #${i}`, v] as const))(
      '%s: the right password verifies, a wrong one is 422 form_password_incorrect',
      async (_name, vector) => {
        const user = await createTestUser(t.api, {
          password: undefined,
          password_digest: vector.digest,
          password_hasher: vector.hasher,
          email_address: [uniqueEmail('vector')],
        });
        const ok = await t.api.ok('VerifyPassword', {
          params: { user_id: user.id },
          body: { password: vector.password },
        });
        expect(ok).toEqual({ verified: true });
        await t.api.fail(
          'VerifyPassword',
          { params: { user_id: user.id }, body: { password: `${vector.password}x` } },
          422,
          'form_password_incorrect',
        );
      },
    );
  },
);

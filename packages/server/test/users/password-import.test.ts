import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { PASSWORD_HASHERS, verifyPassword } from '../../src/passwords/password-hash.js';
import { PASSWORD_VECTORS, type PasswordVector } from '../fixtures/password-vectors.js';
import type { Api } from '../helpers/api.js';
import { useTestInstance } from '../helpers/test-instance.js';
import { testDialects } from '../helpers/test-server.js';
import { createTestUser, uniqueEmail } from '../helpers/users.js';

/** The first vector of each hasher: enough to show UpdateUser takes every one. */
const ONE_PER_HASHER = PASSWORD_HASHERS.map((hasher) =>
  PASSWORD_VECTORS.find((v) => v.hasher === hasher)!,
);

const BCRYPT = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';

/** Refused imports: hasher, digest, status code, param, what the long message must say. */
const REFUSED: [string, string, string, string, RegExp][] = [
  ['rot13', 'cnffjbeq', 'form_param_format_invalid', 'password_hasher', /`rot13` is not supported/],
  [
    'awscognito',
    'anything',
    'form_param_format_invalid',
    'password_hasher',
    /`awscognito` is not supported: verifying it needs a live call/,
  ],
  [
    'md5_salted',
    'salt$5f4dcc3b5aa765d61d8327deb882cf99',
    'form_param_format_invalid',
    'password_hasher',
    /`md5_salted` is not supported: .*salt goes before or after/,
  ],
  [
    'md5',
    BCRYPT,
    'form_password_digest_invalid_code',
    'password_digest',
    /not a valid md5 password digest/,
  ],
  [
    'argon2id',
    '$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA',
    'form_password_digest_invalid_code',
    'password_digest',
    /not a valid argon2id password digest/,
  ],
  [
    'pbkdf2_sha256_django',
    'pbkdf2_sha256$10000$seasalt$not-base64!',
    'form_password_digest_invalid_code',
    'password_digest',
    /not a valid pbkdf2_sha256_django password digest/,
  ],
  [
    'bcrypt',
    BCRYPT.replace('$05$', '$15$'),
    'form_password_digest_invalid_code',
    'password_digest',
    /has bcrypt cost 15; at most 14 is accepted/,
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=1048576,t=1,p=4$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
    'form_password_digest_invalid_code',
    'password_digest',
    /has argon2 m=1048576,t=1,p=4; at most m=131072/,
  ],
];

describe.each(testDialects())('password_digest import (%s)', (dialect) => {
  let api: Api;
  let database: Database;
  let instanceId: string;
  beforeAll(async () => {
    ({ api, database, instanceId } = await useTestInstance(dialect));
  });

  const storedPassword = (userId: string) =>
    database.db
      .selectFrom('users')
      .select(['password_digest', 'password_hasher', 'password_last_updated_at'])
      .where('instance_id', '=', instanceId)
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();

  /** What a sign-in will do with the stored row: the digest verifies, a wrong password not. */
  async function expectStoredVerifies(userId: string, vector: PasswordVector) {
    const row = await storedPassword(userId);
    expect(row).toMatchObject({ password_digest: vector.digest, password_hasher: vector.hasher });
    expect(await verifyPassword(row.password_hasher!, row.password_digest!, vector.password)).toBe(
      true,
    );
    expect(await verifyPassword(row.password_hasher!, row.password_digest!, 'not it')).toBe(false);
  }

  const userCount = async () => (await api.ok('GetUsersCount')).total_count;

  describe('POST /v1/users', () => {
    it.each(PASSWORD_VECTORS.map((v) => [v.hasher, v.source, v]))(
      'imports a %s digest (%s) that then verifies',
      async (_hasher, _source, vector) => {
        const user = await createTestUser(api, {
          password: undefined,
          password_digest: vector.digest,
          password_hasher: vector.hasher,
        });
        expect(user.password_enabled).toBe(true);
        expect(user.password_last_updated_at).toEqual(expect.any(Number));
        await expectStoredVerifies(user.id, vector);
      },
    );

    it.each(REFUSED)(
      'refuses password_hasher %j with digest %j: 422 %s on %s, nothing written',
      async (hasher, digest, code, param, why) => {
        const before = await userCount();
        const email = uniqueEmail('refused');
        const body = await api.fail(
          'CreateUser',
          {
            body: { email_address: [email], password_digest: digest, password_hasher: hasher },
          },
          422,
          code,
        );
        expect(body.errors[0]).toMatchObject({ meta: { param_name: param } });
        expect(body.errors[0]!.long_message).toMatch(why);
        expect(await userCount()).toBe(before);
        const found = await api.ok('GetUserList', { query: { email_address: [email] } });
        expect(found).toEqual([]);
      },
    );

    it('a digest without its hasher is 422 form_conditional_param_missing', async () => {
      const body = await api.fail(
        'CreateUser',
        { body: { email_address: [uniqueEmail()], password_digest: BCRYPT } },
        422,
        'form_conditional_param_missing',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'password_hasher' });
    });

    it('a hasher without a digest is 422 form_conditional_param_missing', async () => {
      const body = await api.fail(
        'CreateUser',
        { body: { email_address: [uniqueEmail()], password_hasher: 'bcrypt' } },
        422,
        'form_conditional_param_missing',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'password_digest' });
    });

    it('a hasher with a plain password is 422 form_param_not_allowed, not ignored', async () => {
      const body = await api.fail(
        'CreateUser',
        {
          body: {
            email_address: [uniqueEmail()],
            password: 'a-very-unusual-passphrase-42',
            password_hasher: 'bcrypt',
          },
        },
        422,
        'form_param_not_allowed',
      );
      expect(body.errors[0]!.meta).toEqual({ param_name: 'password_hasher' });
    });

    it('a digest and a password together are 422 form_param_not_allowed', async () => {
      await api.fail(
        'CreateUser',
        {
          body: {
            email_address: [uniqueEmail()],
            password: 'a-very-unusual-passphrase-42',
            password_digest: BCRYPT,
            password_hasher: 'bcrypt',
          },
        },
        422,
        'form_param_not_allowed',
      );
    });

    it('a password_hasher that is not a string is 422 form_param_format_invalid', async () => {
      await api.fail(
        'CreateUser',
        {
          rawBody: {
            email_address: [uniqueEmail()],
            password_digest: BCRYPT,
            password_hasher: ['bcrypt'],
          },
        },
        422,
        'form_param_format_invalid',
      );
    });
  });

  describe('PATCH /v1/users/{user_id}', () => {
    it.each(ONE_PER_HASHER.map((v) => [v.hasher, v]))(
      'replaces the password with a %s digest that then verifies',
      async (_hasher, vector) => {
        const user = await createTestUser(api);
        const updated = await api.ok('UpdateUser', {
          params: { user_id: user.id },
          body: { password_digest: vector.digest, password_hasher: vector.hasher },
        });
        expect(updated.password_enabled).toBe(true);
        await expectStoredVerifies(user.id, vector);
      },
    );

    it.each(REFUSED)(
      'refuses password_hasher %j with digest %j: 422 %s on %s, password unchanged',
      async (hasher, digest, code, param, why) => {
        const user = await createTestUser(api);
        const before = await storedPassword(user.id);
        const body = await api.fail(
          'UpdateUser',
          {
            params: { user_id: user.id },
            body: { password_digest: digest, password_hasher: hasher, first_name: 'Changed' },
          },
          422,
          code,
        );
        expect(body.errors[0]).toMatchObject({ meta: { param_name: param } });
        expect(body.errors[0]!.long_message).toMatch(why);
        expect(await storedPassword(user.id)).toEqual(before);
        const after = await api.ok('GetUser', { params: { user_id: user.id } });
        expect(after.first_name).toBe(user.first_name);
        expect(after.updated_at).toBe(user.updated_at);
      },
    );

    it('a digest for an unknown user is 404 resource_not_found', async () => {
      const vector = ONE_PER_HASHER[0]!;
      await api.fail(
        'UpdateUser',
        {
          params: { user_id: 'user_2abcdefghijklmnopqrstuvwxyz' },
          body: { password_digest: vector.digest, password_hasher: vector.hasher },
        },
        404,
        'resource_not_found',
      );
    });
  });
});

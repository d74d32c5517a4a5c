import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import {
  PASSWORD_HASHERS,
  assertDigestMatchesHasher,
  hashPassword,
  verifyPassword,
} from '../../../src/passwords/password-hash.js';
import { PASSWORD_VECTORS, UNICODE_PASSWORD } from '../../fixtures/password-vectors.js';

/** Clerk's create-user reference argon2 examples: well-formed (their passwords are not given). */
const CLERK_ARGON2_EXAMPLES = [
  [
    'argon2i',
    '$argon2i$v=19$m=4096,t=3,p=1$4t6CL3P7YiHBtwESXawI8Hm20zJj4cs7/4/G3c187e0$m7RQFczcKr5bIR0IIxbpO2P0tyrLjf3eUW3M3QSwnLc',
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=64,t=4,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
  ],
] as const;

function thrown(run: () => unknown): ClerkApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ClerkApiError);
    return error as ClerkApiError;
  }
  throw new Error('expected a ClerkApiError');
}

describe('hashPassword', () => {
  it('makes a cost-10 bcrypt digest that verifies', async () => {
    const { digest, hasher } = await hashPassword(UNICODE_PASSWORD);
    expect(hasher).toBe('bcrypt');
    expect(digest).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    expect(await verifyPassword(hasher, digest, UNICODE_PASSWORD)).toBe(true);
    expect(await verifyPassword(hasher, digest, 'Pässwörd-🔑-n')).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same-password'),
      hashPassword('same-password'),
    ]);
    expect(a.digest).not.toBe(b.digest);
  });
});

describe('verifyPassword with the password vectors', () => {
  it.each(PASSWORD_VECTORS.map((v) => [v.hasher, v.source, v]))(
    '%s (%s) matches its password and no other',
    async (_h, _s, v) => {
      expect(await verifyPassword(v.hasher, v.digest, v.password)).toBe(true);
      expect(await verifyPassword(v.hasher, v.digest, `${v.password}x`)).toBe(false);
      expect(await verifyPassword(v.hasher, v.digest, v.password.slice(0, -1))).toBe(false);
      expect(await verifyPassword(v.hasher, v.digest, '')).toBe(false);
    },
  );

  it('the Unicode vectors tell the UTF-8 bytes apart from a look-alike (NFD)', async () => {
    const unicode = PASSWORD_VECTORS.filter((v) => v.password === UNICODE_PASSWORD);
    expect(unicode.length).toBeGreaterThanOrEqual(15);
    for (const v of unicode) {
      expect(await verifyPassword(v.hasher, v.digest, UNICODE_PASSWORD.normalize('NFD'))).toBe(
        false,
      );
    }
  });

  it('cover every hasher, each with at least two vectors', () => {
    for (const hasher of PASSWORD_HASHERS) {
      const count = PASSWORD_VECTORS.filter((v) => v.hasher === hasher).length;
      expect(count, hasher).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('verifyPassword edge cases', () => {
  it('answers false for a stored digest that no longer parses', async () => {
    expect(await verifyPassword('bcrypt', 'not-a-digest', 'whatever')).toBe(false);
    expect(await verifyPassword('md5', '5f4dcc3b5aa765d61d8327deb882cf9', 'password')).toBe(false);
  });

  it('throws for a hasher name it does not know', async () => {
    await expect(verifyPassword('rot13', 'cnffjbeq', 'password')).rejects.toThrow(
      /Unknown password hasher/,
    );
  });

  it('accepts an md5 digest in upper-case hex', async () => {
    const digest = '5F4DCC3B5AA765D61D8327DEB882CF99';
    expect(() => assertDigestMatchesHasher('md5', digest)).not.toThrow();
    expect(await verifyPassword('md5', digest, 'password')).toBe(true);
  });

  it('treats bcrypt input past 72 bytes as bcrypt does: ignored', async () => {
    const { digest } = await hashPassword('a'.repeat(72));
    expect(await verifyPassword('bcrypt', digest, 'a'.repeat(80))).toBe(true);
  });
});

describe('assertDigestMatchesHasher', () => {
  it('accepts every well-formed digest', () => {
    for (const v of PASSWORD_VECTORS) {
      expect(
        () => assertDigestMatchesHasher(v.hasher, v.digest),
        `${v.hasher}: ${v.digest}`,
      ).not.toThrow();
    }
    for (const [hasher, digest] of CLERK_ARGON2_EXAMPLES) {
      expect(() => assertDigestMatchesHasher(hasher, digest)).not.toThrow();
    }
  });

  it.each([
    ['rot13', /`rot13` is not supported: the supported hashers are argon2i, argon2id, bcrypt,/],
    ['BCRYPT', /`BCRYPT` is not supported: the supported hashers are/],
    ['', /`` is not supported: the supported hashers are/],
    ['awscognito', /`awscognito` is not supported: verifying it needs a live call to the Cognito/],
    ['md5_salted', /`md5_salted` is not supported: .*salt goes before or after/],
    ['sha256_salted', /`sha256_salted` is not supported: .*salt goes before or after/],
    ['hmac_sha256_utf16_b64', /`hmac_sha256_utf16_b64` is not supported: .*not documented/],
  ])(
    'refuses hasher %j with form_param_format_invalid on password_hasher, saying why',
    (hasher, why) => {
      const error = thrown(() =>
        assertDigestMatchesHasher(hasher, '5f4dcc3b5aa765d61d8327deb882cf99'),
      );
      expect(error.status).toBe(422);
      expect(error.errors[0]).toMatchObject({
        code: 'form_param_format_invalid',
        meta: { param_name: 'password_hasher' },
      });
      expect(error.errors[0]!.longMessage).toMatch(why);
    },
  );
});

describe('hashing off the event loop', () => {
  /** A synchronous hash inside an async function would settle before any macrotask ran. */
  /**
   * Whether the event loop turned while `work` ran. Work done off the thread can still finish
   * before the loop's check phase when this thread is descheduled (a loaded machine), so it
   * gets three tries; blocking work never lets the loop turn, however often it is tried.
   */
  async function yieldsWhile(work: () => Promise<unknown>): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let turned = false;
      setImmediate(() => {
        turned = true;
      });
      await work();
      if (turned) return true;
    }
    return false;
  }

  it('tells a blocking hash apart (control)', async () => {
    const { pbkdf2Sync } = await import('node:crypto');
    expect(await yieldsWhile(async () => pbkdf2Sync('pw', 'salt', 10000, 64, 'sha512'))).toBe(
      false,
    );
  });

  it('bcrypt, pbkdf2, scrypt, argon2 and the iterated legacy hashes all let the loop turn', async () => {
    const { pbkdf2Sync } = await import('node:crypto');
    const pbkdf2 = `pbkdf2_sha512$100000$salt$${pbkdf2Sync('pw', 'salt', 100000, 64, 'sha512').toString('hex')}`;
    const symfony = PASSWORD_VECTORS.find((v) => v.hasher === 'sha512_symfony')!;
    const werkzeug = PASSWORD_VECTORS.find((v) => v.hasher === 'scrypt_werkzeug')!;
    const argon2 = PASSWORD_VECTORS.find((v) => v.hasher === 'argon2id')!;
    expect(await yieldsWhile(() => hashPassword('some password'))).toBe(true);
    expect(await yieldsWhile(() => verifyPassword('pbkdf2_sha512', pbkdf2, 'pw'))).toBe(true);
    expect(
      await yieldsWhile(() => verifyPassword(werkzeug.hasher, werkzeug.digest, werkzeug.password)),
    ).toBe(true);
    expect(
      await yieldsWhile(() => verifyPassword(symfony.hasher, symfony.digest, symfony.password)),
    ).toBe(true);
    expect(
      await yieldsWhile(() => verifyPassword('phpass', '$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0', 'x')),
    ).toBe(true);
    expect(
      await yieldsWhile(() => verifyPassword(argon2.hasher, argon2.digest, argon2.password)),
    ).toBe(true);
  });
});

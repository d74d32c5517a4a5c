import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import {
  PASSWORD_HASHERS,
  UnsupportedHasherError,
  assertDigestMatchesHasher,
  hashPassword,
  verifyPassword,
} from '../../../src/passwords/password-hash.js';
import { ARGON2_EXAMPLES, PUBLISHED, UNICODE_PASSWORD, generated } from './digest-fixtures.js';

const GENERATED = await generated();

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

describe('verifyPassword with published vectors', () => {
  it.each(PUBLISHED.map((f) => [f.hasher, f.source, f]))(
    '%s (%s) matches, and a wrong password does not',
    async (_h, _s, f) => {
      expect(await verifyPassword(f.hasher, f.digest, f.password)).toBe(true);
      expect(await verifyPassword(f.hasher, f.digest, `${f.password}x`)).toBe(false);
    },
  );
});

describe('verifyPassword with digests made for a Unicode password', () => {
  it.each(GENERATED.map((f) => [f.hasher, f.source, f]))(
    '%s (%s) matches, and a near miss does not',
    async (_h, _s, f) => {
      expect(await verifyPassword(f.hasher, f.digest, f.password)).toBe(true);
      expect(await verifyPassword(f.hasher, f.digest, f.password.normalize('NFD'))).toBe(false);
      expect(await verifyPassword(f.hasher, f.digest, '')).toBe(false);
    },
  );

  it('covers every hasher but argon2', () => {
    const covered = new Set([...PUBLISHED, ...GENERATED].map((f) => f.hasher));
    expect(PASSWORD_HASHERS.filter((h) => !covered.has(h))).toEqual(['argon2i', 'argon2id']);
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

  it('throws UnsupportedHasherError for argon2, naming the package it needs', async () => {
    for (const [hasher, digest] of ARGON2_EXAMPLES) {
      const error = await verifyPassword(hasher, digest, 'password').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedHasherError);
      expect((error as UnsupportedHasherError).needs).toMatch(/@node-rs\/argon2/);
    }
  });

  it('treats bcrypt input past 72 bytes as bcrypt does: ignored', async () => {
    const { digest } = await hashPassword('a'.repeat(72));
    expect(await verifyPassword('bcrypt', digest, 'a'.repeat(80))).toBe(true);
  });
});

describe('assertDigestMatchesHasher', () => {
  it('accepts every well-formed digest', () => {
    for (const f of [...PUBLISHED, ...GENERATED]) {
      expect(
        () => assertDigestMatchesHasher(f.hasher, f.digest),
        `${f.hasher}: ${f.digest}`,
      ).not.toThrow();
    }
    for (const [hasher, digest] of ARGON2_EXAMPLES) {
      expect(() => assertDigestMatchesHasher(hasher, digest)).not.toThrow();
    }
  });

  it.each(['rot13', 'awscognito', 'md5_salted', 'sha256_salted', 'BCRYPT', ''])(
    'refuses hasher %j with form_param_format_invalid on password_hasher',
    (hasher) => {
      const error = thrown(() =>
        assertDigestMatchesHasher(hasher, '5f4dcc3b5aa765d61d8327deb882cf99'),
      );
      expect(error.status).toBe(422);
      expect(error.errors[0]).toMatchObject({
        code: 'form_param_format_invalid',
        meta: { param_name: 'password_hasher' },
      });
    },
  );
});

describe('hashing off the event loop', () => {
  /** A synchronous hash inside an async function would settle before any macrotask ran. */
  async function yieldsWhile(work: () => Promise<unknown>): Promise<boolean> {
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    await work();
    return turned;
  }

  it('tells a blocking hash apart (control)', async () => {
    const { pbkdf2Sync } = await import('node:crypto');
    expect(await yieldsWhile(async () => pbkdf2Sync('pw', 'salt', 10000, 64, 'sha512'))).toBe(
      false,
    );
  });

  it('bcrypt, pbkdf2, scrypt and the iterated legacy hashes all let the loop turn', async () => {
    const { pbkdf2Sync } = await import('node:crypto');
    const pbkdf2 = `pbkdf2_sha512$100000$salt$${pbkdf2Sync('pw', 'salt', 100000, 64, 'sha512').toString('hex')}`;
    const symfony = GENERATED.find((f) => f.hasher === 'sha512_symfony')!;
    const werkzeug = GENERATED.find((f) => f.hasher === 'scrypt_werkzeug')!;
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
  });
});

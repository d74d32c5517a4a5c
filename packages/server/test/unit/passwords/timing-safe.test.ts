import { hash } from '@node-rs/bcrypt';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * node:crypto is the outside edge here: wrapping its timingSafeEqual in a spy shows
 * that each comparison of secret-derived bytes goes through it.
 */
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const crypto = await import('node:crypto');
const { verifyPassword } = await import('../../../src/passwords/password-hash.js');
const { verifyTotp } = await import('../../../src/passwords/totp.js');
const { safeEqual } = await import('../../../src/passwords/constant-time.js');
const { PASSWORD_VECTORS } = await import('../../fixtures/password-vectors.js');
const spy = vi.mocked(crypto.timingSafeEqual);
const FIXTURES = PASSWORD_VECTORS.filter((f) => !f.hasher.startsWith('bcrypt'));

beforeEach(() => {
  spy.mockClear();
});

describe('constant-time comparisons', () => {
  it.each(FIXTURES.map((f) => [f.hasher, f.source, f]))(
    '%s (%s) compares with timingSafeEqual, match or not',
    async (_h, _s, f) => {
      await verifyPassword(f.hasher, f.digest, f.password);
      expect(spy).toHaveBeenCalled();
      spy.mockClear();
      await verifyPassword(f.hasher, f.digest, 'wrong password');
      expect(spy).toHaveBeenCalled();
    },
  );

  it('bcrypt leaves the comparison to its native binding', async () => {
    await verifyPassword('bcrypt', await hash('password', 4), 'password');
    expect(spy).not.toHaveBeenCalled();
  });

  it('TOTP compares every candidate step, with no early exit on a match', () => {
    verifyTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '287082', 59_000, 1);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('safeEqual still runs a comparison when the lengths differ', () => {
    expect(safeEqual(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(safeEqual(Buffer.from('abcd'), Buffer.from('abcd'))).toBe(true);
  });
});

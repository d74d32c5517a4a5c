import { describe, expect, it } from 'vitest';
import { HELP, readConfig } from '../../../src/config.js';
import { secretKeyCacheTtlMs } from '../../../src/instances/instance-resolver.js';

describe('secret key cache TTL (CASTELLAN_SECRET_KEY_CACHE_TTL_MS)', () => {
  it('is 10 s by default, and what the variable says otherwise', () => {
    expect(readConfig([], {}).secretKeyCacheTtlMs).toBe(10_000);
    expect(readConfig([], { CASTELLAN_SECRET_KEY_CACHE_TTL_MS: '' }).secretKeyCacheTtlMs).toBe(
      10_000,
    );
    expect(readConfig([], { CASTELLAN_SECRET_KEY_CACHE_TTL_MS: '250' }).secretKeyCacheTtlMs).toBe(
      250,
    );
    expect(secretKeyCacheTtlMs({ CASTELLAN_SECRET_KEY_CACHE_TTL_MS: '0' })).toBe(0);
  });

  it('refuses a value that is not a whole number of milliseconds up to an hour', () => {
    for (const bad of ['-1', '1.5', 'ten', '3600001', '1e3x'])
      expect(() => readConfig([], { CASTELLAN_SECRET_KEY_CACHE_TTL_MS: bad })).toThrow(
        `CASTELLAN_SECRET_KEY_CACHE_TTL_MS must be an integer from 0 to 3600000, not ${bad}`,
      );
  });

  it('is documented in the help', () => {
    expect(HELP).toContain('CASTELLAN_SECRET_KEY_CACHE_TTL_MS');
  });
});

describe('PostgreSQL pool size (CASTELLAN_DATABASE_POOL_SIZE)', () => {
  it("is the pool's default (10) unless set", () => {
    expect(readConfig([], {}).databasePoolSize).toBeUndefined();
    expect(readConfig([], { CASTELLAN_DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
  });

  it('refuses a value that is not a whole number from 1 to 1000', () => {
    for (const bad of ['0', '-2', '2.5', 'many', '1001'])
      expect(() => readConfig([], { CASTELLAN_DATABASE_POOL_SIZE: bad })).toThrow(
        `CASTELLAN_DATABASE_POOL_SIZE must be an integer from 1 to 1000, not ${bad}`,
      );
    expect(HELP).toContain('CASTELLAN_DATABASE_POOL_SIZE');
  });
});

import { describe, expect, it } from 'vitest';
import { generateId } from '../../../src/ids/generate-id.js';

describe('generateId', () => {
  it('has the prefix and 27 base62 characters', () => {
    expect(generateId('user')).toMatch(/^user_[0-9A-Za-z]{27}$/);
  });

  it('counts up within one millisecond, so IDs sort in the order they were made', () => {
    const ms = Date.parse('2026-01-01T00:00:00.123Z');
    const ids = Array.from({ length: 1000 }, () => generateId('idn', ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });

  it('sorts by time across milliseconds and seconds', () => {
    const base = Date.parse('2026-01-01T00:00:00.998Z');
    const ids = [0, 1, 2, 1000, 60_000].map((d) => generateId('sess', base + d));
    expect([...ids].sort()).toEqual(ids);
    expect(generateId('x', base + 1) > generateId('x', base)).toBe(true);
  });

  it('keeps each prefix in order when prefixes interleave', () => {
    const ms = Date.parse('2026-01-01T00:00:00.500Z');
    const users: string[] = [];
    for (let i = 0; i < 100; i++) {
      users.push(generateId('user', ms));
      generateId('idn', Date.now());
    }
    expect([...users].sort()).toEqual(users);
  });
});

import { describe, expect, it } from 'vitest';
import { HELP, readConfig } from '../../src/config.js';
import { runCli } from '../cli/run-cli.js';

describe('rate-limit configuration', () => {
  it("limits production instances with Clerk's limits and keeps counters in memory by default", () => {
    expect(readConfig([], {}).rateLimits).toEqual({
      mode: undefined,
      max: undefined,
      windowMs: undefined,
      redisUrl: undefined,
      redisPrefix: undefined,
    });
  });

  it('reads the mode, budget, window and Redis from the environment; flags win', () => {
    const env = {
      CASTELLAN_RATE_LIMIT: 'all',
      CASTELLAN_RATE_LIMIT_MAX: '50',
      CASTELLAN_RATE_LIMIT_WINDOW_MS: '60000',
      REDIS_URL: 'redis://:secret@redis.internal:6379/2',
      CASTELLAN_RATE_LIMIT_REDIS_PREFIX: 'app1:',
    };
    expect(readConfig([], env).rateLimits).toEqual({
      mode: 'all',
      max: 50,
      windowMs: 60_000,
      redisUrl: 'redis://:secret@redis.internal:6379/2',
      redisPrefix: 'app1:',
    });
    const flags = [
      '--rate-limit',
      'off',
      '--rate-limit-max',
      '7',
      '--rate-limit-window-ms',
      '1000',
    ];
    expect(readConfig(flags, env).rateLimits).toMatchObject({
      mode: 'off',
      max: 7,
      windowMs: 1000,
    });
  });

  it.each([
    [{ CASTELLAN_RATE_LIMIT: 'on' }, /CASTELLAN_RATE_LIMIT must be off, production or all, not on/],
    [
      { CASTELLAN_RATE_LIMIT_MAX: '0' },
      /CASTELLAN_RATE_LIMIT_MAX must be a positive integer, not 0/,
    ],
    [{ CASTELLAN_RATE_LIMIT_MAX: '1.5' }, /CASTELLAN_RATE_LIMIT_MAX must be a positive integer/],
    [
      { CASTELLAN_RATE_LIMIT_WINDOW_MS: '10s' },
      /CASTELLAN_RATE_LIMIT_WINDOW_MS must be a positive integer, not 10s/,
    ],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
  ])('refuses %j', (env, message) => {
    expect(() => readConfig([], env)).toThrow(message);
  });

  it('does not echo a Redis password in its refusal', () => {
    expect(() => readConfig([], { REDIS_URL: 'redis//:hunter2@host' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('is documented in the help', () => {
    for (const name of [
      'CASTELLAN_RATE_LIMIT',
      'CASTELLAN_RATE_LIMIT_MAX',
      'CASTELLAN_RATE_LIMIT_WINDOW_MS',
      'REDIS_URL',
      'CASTELLAN_RATE_LIMIT_REDIS_PREFIX',
    ])
      expect(HELP).toContain(name);
  });

  it('castellan serve refuses to start on a bad value, naming it', async () => {
    const { code, stderr } = await runCli(['serve', '--port', '0', '--rate-limit', 'sometimes']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--rate-limit must be off, production or all, not sometimes');
  });
});

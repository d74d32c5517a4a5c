import { describe, expect, it } from 'vitest';
import { HELP, readConfig } from '../../src/config.js';

describe('webhook delivery configuration', () => {
  it('delivers by default, with the worker’s own defaults', () => {
    expect(readConfig([], {}).webhooks).toEqual({
      enabled: true,
      timeoutMs: undefined,
      pollIntervalMs: undefined,
      concurrency: undefined,
    });
  });

  it('reads CASTELLAN_WEBHOOKS and the worker’s numbers', () => {
    const config = readConfig([], {
      CASTELLAN_WEBHOOKS: '0',
      CASTELLAN_WEBHOOK_TIMEOUT_MS: '2000',
      CASTELLAN_WEBHOOK_POLL_INTERVAL_MS: '250',
      CASTELLAN_WEBHOOK_CONCURRENCY: '4',
    });
    expect(config.webhooks).toEqual({
      enabled: false,
      timeoutMs: 2000,
      pollIntervalMs: 250,
      concurrency: 4,
    });
  });

  it('refuses a value that is not a positive integer or a boolean', () => {
    expect(() => readConfig([], { CASTELLAN_WEBHOOK_TIMEOUT_MS: '1.5' })).toThrow(
      /CASTELLAN_WEBHOOK_TIMEOUT_MS must be a positive integer, not 1.5/,
    );
    expect(() => readConfig([], { CASTELLAN_WEBHOOK_CONCURRENCY: '0' })).toThrow(
      /CASTELLAN_WEBHOOK_CONCURRENCY must be a positive integer/,
    );
    expect(() => readConfig([], { CASTELLAN_WEBHOOKS: 'maybe' })).toThrow(
      /CASTELLAN_WEBHOOKS must be 1 or 0/,
    );
  });

  it('is documented in the help', () => {
    for (const name of [
      'CASTELLAN_WEBHOOKS',
      'CASTELLAN_WEBHOOK_TIMEOUT_MS',
      'CASTELLAN_WEBHOOK_POLL_INTERVAL_MS',
      'CASTELLAN_WEBHOOK_CONCURRENCY',
    ])
      expect(HELP).toContain(name);
  });
});

import { describe, expect, it } from 'vitest';
import { HELP, readConfig } from '../../../src/config.js';

describe('outbound configuration', () => {
  it('is off with no allowed hosts by default', () => {
    expect(readConfig([], {})).toMatchObject({
      outboundAllowPrivate: false,
      outboundAllowHosts: [],
    });
  });

  it('reads CASTELLAN_OUTBOUND_ALLOW_PRIVATE and the allowed hosts, lowercased and trimmed', () => {
    const config = readConfig([], {
      CASTELLAN_OUTBOUND_ALLOW_PRIVATE: '1',
      CASTELLAN_OUTBOUND_ALLOW_HOSTS: ' Proxy.Internal , ,clerk-proxy.lan',
    });
    expect(config.outboundAllowPrivate).toBe(true);
    expect(config.outboundAllowHosts).toEqual(['proxy.internal', 'clerk-proxy.lan']);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => readConfig([], { CASTELLAN_OUTBOUND_ALLOW_PRIVATE: 'yes' })).toThrow(
      /CASTELLAN_OUTBOUND_ALLOW_PRIVATE must be 1 or 0/,
    );
  });

  it('is documented in the help', () => {
    expect(HELP).toContain('CASTELLAN_OUTBOUND_ALLOW_PRIVATE');
    expect(HELP).toContain('CASTELLAN_OUTBOUND_ALLOW_HOSTS');
  });
});

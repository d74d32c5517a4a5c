import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { normalizeWeb3Wallet, toChecksumAddress } from '../../../src/identifiers/web3-wallet.js';

/** The test vectors of EIP-55 itself. */
const ALL_CAPS = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
];
const ALL_LOWER = [
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
];
const NORMAL = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];

/** Flips the case of the first letter of the hex part: a one-character checksum typo. */
function flipFirstLetter(address: string): string {
  const i = address.slice(2).search(/[a-fA-F]/) + 2;
  const c = address[i]!;
  return (
    address.slice(0, i) +
    (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) +
    address.slice(i + 1)
  );
}

describe('EIP-55 checksums of Ethereum addresses', () => {
  it.each(NORMAL)('computes the checksum of %s', (address) => {
    expect(toChecksumAddress(address.toLowerCase())).toBe(address);
    expect(normalizeWeb3Wallet(address)).toEqual({
      address,
      lower: address.toLowerCase(),
      chain: 'ethereum',
    });
  });

  it.each([...ALL_CAPS, ...ALL_LOWER])('accepts %s, which carries no checksum', (address) => {
    expect(normalizeWeb3Wallet(address).address).toBe(address);
  });

  it.each(NORMAL.map(flipFirstLetter))(
    'refuses %s, whose mixed case does not match its checksum',
    (address) => {
      let error: unknown;
      try {
        normalizeWeb3Wallet(address, 'web3_wallet');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClerkApiError);
      expect((error as ClerkApiError).status).toBe(422);
      expect((error as ClerkApiError).errors[0]).toMatchObject({
        code: 'form_param_format_invalid',
        meta: { param_name: 'web3_wallet' },
      });
      expect((error as ClerkApiError).errors[0]!.longMessage).toContain('EIP-55');
    },
  );
});

import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { decodeBase58 } from '../../../src/identifiers/base58.js';
import { normalizeWeb3Wallet } from '../../../src/identifiers/web3-wallet.js';

const EIP55 = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

describe('normalizeWeb3Wallet', () => {
  it('keeps an Ethereum address as given and keys it in lowercase', () => {
    expect(normalizeWeb3Wallet(` ${EIP55} `)).toEqual({
      address: EIP55,
      lower: EIP55.toLowerCase(),
      chain: 'ethereum',
    });
    expect(normalizeWeb3Wallet(EIP55.toLowerCase()).lower).toBe(normalizeWeb3Wallet(EIP55).lower);
  });

  it('accepts a Solana address and keys it as given, since base58 is case-sensitive', () => {
    const systemProgram = '11111111111111111111111111111111';
    const tokenProgram = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
    expect(normalizeWeb3Wallet(tokenProgram)).toEqual({
      address: tokenProgram,
      lower: tokenProgram,
      chain: 'solana',
    });
    expect(normalizeWeb3Wallet(systemProgram).chain).toBe('solana');
  });

  it.each([
    ['40 hex digits without 0x', EIP55.slice(2)],
    ['an upper-case 0X', `0X${EIP55.slice(2)}`],
    ['39 hex digits', EIP55.slice(0, -1)],
    ['41 hex digits', `${EIP55}0`],
    ['a non-hex digit', `${EIP55.slice(0, -1)}g`],
    ['a base58 string that is not 32 bytes', '3yZe7d'],
    ['base58 with a 0 (outside the alphabet)', 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ50A'],
    ['an ENS name', 'vitalik.eth'],
    ['empty', ''],
  ])('refuses %s with form_param_format_invalid on web3_wallet', (_why, raw) => {
    let error: unknown;
    try {
      normalizeWeb3Wallet(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClerkApiError);
    expect((error as ClerkApiError).errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'web3_wallet' },
    });
  });
});

describe('decodeBase58', () => {
  it('decodes Bitcoin base58 test vectors', () => {
    expect(decodeBase58('')?.toString('hex')).toBe('');
    expect(decodeBase58('2g')?.toString('hex')).toBe('61');
    expect(decodeBase58('1112')?.toString('hex')).toBe('00000001');
    expect(decodeBase58('StV1DL6CwTryKyV')?.toString('utf8')).toBe('hello world');
    expect(decodeBase58('0OIl')).toBeUndefined();
  });
});

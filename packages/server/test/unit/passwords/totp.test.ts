import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { decodeBase32, encodeBase32 } from '../../../src/passwords/base32.js';
import {
  assertTotpSecret,
  findTotpStep,
  totpCode,
  verifyTotp,
} from '../../../src/passwords/totp.js';

/** RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890". */
const RFC_SECRET = encodeBase32(Buffer.from('12345678901234567890', 'ascii'));

/** RFC 6238 appendix B, SHA-1 column; a 6-digit code is the last 6 of the 8 digits. */
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('base32', () => {
  it('round-trips and matches RFC 4648 test vectors', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(encodeBase32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(decodeBase32('MZXW6YTBOI')?.toString()).toBe('foobar');
    expect(decodeBase32('MZXW6YQ')?.toString()).toBe('foob');
    expect(decodeBase32('MZXW6Y1')).toBeUndefined();
    expect(decodeBase32('MZX')).toBeUndefined();
  });
});

describe('totpCode', () => {
  it.each(RFC_VECTORS)('at T=%i gives the RFC 6238 code', (seconds, eightDigits) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(eightDigits.slice(-6));
  });

  it('accepts the secret in lowercase, grouped or padded form', () => {
    const grouped = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq';
    expect(totpCode(grouped, 59_000)).toBe('287082');
    expect(totpCode('MZXW6YTBOI======', 0)).toBe(totpCode('MZXW6YTBOI', 0));
  });
});

describe('verifyTotp', () => {
  const at = 1111111111_000;

  it('accepts the current code and those one period either side', () => {
    expect(verifyTotp(RFC_SECRET, '050471', at)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at - 30_000), at)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at + 30_000), at)).toBe(true);
  });

  it('refuses a code two periods away with the default window, accepts it with window 2', () => {
    const old = totpCode(RFC_SECRET, at - 60_000);
    expect(verifyTotp(RFC_SECRET, old, at)).toBe(false);
    expect(verifyTotp(RFC_SECRET, old, at, 2)).toBe(true);
  });

  it('refuses malformed codes', () => {
    for (const code of ['', '05047', '0504711', '05047a', ' 050471', '14050471']) {
      expect(verifyTotp(RFC_SECRET, code, at)).toBe(false);
    }
  });

  it('tells which step matched, for replay protection', () => {
    expect(findTotpStep(RFC_SECRET, '050471', at)).toBe(Math.floor(1111111111 / 30));
    expect(findTotpStep(RFC_SECRET, totpCode(RFC_SECRET, at - 30_000), at)).toBe(
      Math.floor(1111111111 / 30) - 1,
    );
    expect(findTotpStep(RFC_SECRET, totpCode(RFC_SECRET, 0), 0)).toBe(0); // no step before the epoch
    expect(findTotpStep(RFC_SECRET, '050471', at + 90_000)).toBeUndefined();
  });
});

describe('assertTotpSecret', () => {
  it('returns the canonical form: uppercase, no spaces, no padding', () => {
    expect(assertTotpSecret('jbsw y3dp ehpk 3pxp')).toBe('JBSWY3DPEHPK3PXP');
    expect(assertTotpSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toBe(RFC_SECRET);
    expect(assertTotpSecret('MZXW6YTBOIMZXW6YTBOI====')).toBe('MZXW6YTBOIMZXW6YTBOI');
  });

  it.each([
    ['too short (under 80 bits)', 'JBSWY3DPEHPK3PX'],
    ['too long', 'A'.repeat(129)],
    ['outside the alphabet', 'JBSWY3DPEHPK3PX1'],
    ['a length base32 cannot produce', 'JBSWY3DPEHPK3PXPA'],
    ['wrong padding', 'MZXW6YTBOIMZXW6YTBOI==='],
    ['empty', ''],
    // Issue 6: `/=+$/` took 18 s on 100 KB of this; the length bound comes before any regex
    // (a quadratic check would make this test time out).
    ['of 500 KB of padding then a letter', `${'='.repeat(500_000)}A`],
    ['of 500 KB of spaced padding', `${' ='.repeat(250_000)}A`],
    ['just over the input bound', `${'JBSW Y3DP '.repeat(25)}JBSWY3D`],
  ])('refuses a secret %s with form_param_format_invalid on totp_secret', (_why, secret) => {
    const error = (() => {
      try {
        assertTotpSecret(secret);
      } catch (e) {
        return e;
      }
      return undefined;
    })() as ClerkApiError;
    expect(error).toBeInstanceOf(ClerkApiError);
    expect(error.errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'totp_secret' },
    });
  });
});

import { hash } from '@node-rs/bcrypt';
import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import {
  hashBackupCodes,
  isBcryptDigest,
  verifyBackupCode,
} from '../../../src/passwords/backup-codes.js';

describe('hashBackupCodes', () => {
  it('stores each plain code as a cost-10 bcrypt digest', async () => {
    const digests = await hashBackupCodes(['abcd1234', 'efgh5678']);
    expect(digests).toHaveLength(2);
    for (const digest of digests) {
      expect(isBcryptDigest(digest)).toBe(true);
      expect(digest.slice(0, 7)).toBe('$2b$10$');
    }
    expect(await verifyBackupCode(digests, 'efgh5678')).toBe(1);
  });

  it('keeps a code that already is a bcrypt digest as given', async () => {
    const given = await hash('zz99yy88', 4);
    const digests = await hashBackupCodes([given, 'plain-code']);
    expect(digests[0]).toBe(given);
    expect(await verifyBackupCode(digests, 'zz99yy88')).toBe(0);
  });

  it('refuses empty, over-long and repeated codes on backup_codes', async () => {
    for (const codes of [['  '], ['x'.repeat(73)], ['dup-code', 'dup-code']]) {
      const error = (await hashBackupCodes(codes).catch((e: unknown) => e)) as ClerkApiError;
      expect(error).toBeInstanceOf(ClerkApiError);
      expect(error.status).toBe(422);
      expect(error.errors[0]?.meta).toEqual({ param_name: 'backup_codes' });
    }
  });
});

describe('verifyBackupCode', () => {
  it('answers the index of the matching digest, or -1', async () => {
    const digests = await Promise.all(['one11111', 'two22222', 'three333'].map((c) => hash(c, 4)));
    expect(await verifyBackupCode(digests, 'three333')).toBe(2);
    expect(await verifyBackupCode(digests, ' one11111 ')).toBe(0);
    expect(await verifyBackupCode(digests, 'four4444')).toBe(-1);
    expect(await verifyBackupCode(digests, '')).toBe(-1);
    expect(await verifyBackupCode([], 'one11111')).toBe(-1);
  });
});

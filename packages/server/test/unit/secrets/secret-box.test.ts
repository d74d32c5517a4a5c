import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EncryptionKeyError,
  toEncryptionKey,
  toEncryptionKeyRing,
} from '../../../src/secrets/encryption-key.js';
import {
  createSecretBox,
  isSealed,
  sealedKid,
  SecretDecryptionError,
} from '../../../src/secrets/secret-box.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64url');
const here = { table: 'users', column: 'totp_secret', rowId: 'user_a' };
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('encryption keys', () => {
  it('accepts base64 in either alphabet, or 32 bytes, and derives a stable public id', () => {
    const bytes = Buffer.from(KEY_B, 'base64url');
    expect(toEncryptionKey(KEY_B, 'k').kid).toBe(toEncryptionKey(bytes, 'k').kid);
    expect(toEncryptionKey(bytes.toString('base64'), 'k').kid).toBe(
      toEncryptionKey(bytes, 'k').kid,
    );
    expect(toEncryptionKey(`${KEY_A}\n`, 'k').kid).toBe(toEncryptionKey(KEY_A, 'k').kid);
    expect(toEncryptionKey(KEY_A, 'k').kid).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(toEncryptionKey(KEY_A, 'k').kid).not.toBe(toEncryptionKey(KEY_B, 'k').kid);
  });

  it('refuses anything but 32 bytes, naming where the key came from', () => {
    for (const bad of ['', 'not base64!', randomBytes(16).toString('base64'), randomBytes(33)]) {
      expect(() => toEncryptionKey(bad, 'CASTELLAN_ENCRYPTION_KEY')).toThrow(EncryptionKeyError);
    }
    expect(() => toEncryptionKey('short', 'CASTELLAN_ENCRYPTION_KEY')).toThrow(
      /CASTELLAN_ENCRYPTION_KEY must be the base64 of 32 random bytes/,
    );
  });
});

describe('secret box', () => {
  const box = createSecretBox(toEncryptionKeyRing(KEY_A));

  it('seals to v1:<kid>:<iv>:<tag>:<ciphertext> and opens back, with a fresh IV each time', () => {
    const sealed = box.seal(SECRET, here);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[\w-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(SECRET)).toBe(false);
    expect(sealedKid(sealed)).toBe(box.currentKid);
    expect(box.open(sealed, here)).toBe(SECRET);
    expect(box.seal(SECRET, here)).not.toBe(sealed);
  });

  it('does not open a value moved to another row, column or table', () => {
    const sealed = box.seal(SECRET, here);
    for (const elsewhere of [
      { ...here, rowId: 'user_b' },
      { ...here, column: 'password_digest' },
      { ...here, table: 'signing_keys' },
    ]) {
      expect(() => box.open(sealed, elsewhere)).toThrow(SecretDecryptionError);
    }
  });

  it('does not open an altered value, or one relabelled with another key id', () => {
    const sealed = box.seal(SECRET, here);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 1;
    const flipped = [...parts.slice(0, 4), body.toString('base64url')].join(':');
    expect(() => box.open(flipped, here)).toThrow(/authentication failed/);

    const ring = toEncryptionKeyRing(KEY_B, [KEY_A]);
    const both = createSecretBox(ring);
    const relabelled = [parts[0], ring.current.kid, ...parts.slice(2)].join(':');
    expect(() => both.open(relabelled, here)).toThrow(SecretDecryptionError);
    expect(() => box.open('v1:garbage', here)).toThrow(/not a v1 ciphertext/);
  });

  it('opens with another key only if that key is in the ring (rotation), sealing with the current one', () => {
    const sealed = box.seal(SECRET, here);
    const other = createSecretBox(toEncryptionKeyRing(KEY_B));
    expect(() => other.open(sealed, here)).toThrow(/unknown key/);
    const rotated = createSecretBox(toEncryptionKeyRing(KEY_B, [KEY_A]));
    expect(rotated.open(sealed, here)).toBe(SECRET);
    expect(sealedKid(rotated.seal(SECRET, here))).toBe(other.currentKid);
    expect(rotated.kids).toEqual([other.currentKid, box.currentKid]);
  });

  it('round-trips any UTF-8 text, including an empty string and a PEM', () => {
    for (const text of [
      '',
      'é🔑',
      '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
    ]) {
      expect(box.open(box.seal(text, here), here)).toBe(text);
    }
  });
});

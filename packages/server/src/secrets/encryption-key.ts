import { hkdfSync, randomBytes } from 'node:crypto';

/** A key-encryption key (KEK): 32 random bytes that live outside the database. */
export interface EncryptionKey {
  /** Public identifier written into every ciphertext: which key sealed it. */
  kid: string;
  /** The AES-256-GCM key actually used, derived from the KEK (never the KEK itself). */
  dataKey: Buffer;
}

/** The key that seals new values, and older ones still accepted for reading (rotation). */
export interface EncryptionKeyRing {
  current: EncryptionKey;
  previous: EncryptionKey[];
  /** Where the current key came from, for logs (never the key). */
  source?: string;
}

/** A KEK as configured: base64 (standard or URL alphabet) of 32 bytes, or the bytes. */
export type EncryptionKeyInput = string | Uint8Array;

/** Something wrong with the configured key or with the data it must open: startup stops. */
export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

export const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A fresh KEK, as the text stored in a key file or an environment variable. */
export function generateEncryptionKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Decodes a configured KEK; `source` names where it came from in the error. */
export function decodeEncryptionKey(input: EncryptionKeyInput, source: string): Buffer {
  if (typeof input !== 'string') {
    if (input.length !== KEY_BYTES)
      throw new EncryptionKeyError(`${source} must be ${KEY_BYTES} bytes, not ${input.length}.`);
    return Buffer.from(input);
  }
  const text = input.trim();
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `${source} must be the base64 of ${KEY_BYTES} random bytes (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  return bytes;
}

function derive(kek: Buffer, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), info, length));
}

/**
 * Turns a KEK into the key the cipher uses and its id. Both come from HKDF-SHA256 with
 * distinct labels, so the id (public, in every ciphertext) says nothing about the key,
 * and the KEK could later wrap other things without reusing the same AES key.
 */
export function toEncryptionKey(input: EncryptionKeyInput, source: string): EncryptionKey {
  const kek = decodeEncryptionKey(input, source);
  return {
    kid: derive(kek, 'castellan kek id', 6).toString('base64url'),
    dataKey: derive(kek, 'castellan secrets aes-256-gcm v1', KEY_BYTES),
  };
}

/** The ring for a current key and any previous ones (oldest last, order does not matter). */
export function toEncryptionKeyRing(
  current: EncryptionKeyInput,
  previous: readonly EncryptionKeyInput[] = [],
  source = 'the encryption key',
): EncryptionKeyRing {
  const ring = {
    current: toEncryptionKey(current, source),
    previous: previous.map((key, i) => toEncryptionKey(key, `previous encryption key #${i + 1}`)),
  };
  return {
    current: ring.current,
    previous: ring.previous.filter((k) => k.kid !== ring.current.kid),
    source,
  };
}

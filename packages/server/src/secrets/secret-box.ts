import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey, EncryptionKeyRing } from './encryption-key.js';

/** Where a sealed value lives: its ciphertext only opens there (the AAD names it). */
export interface SecretLocation {
  table: string;
  column: string;
  /** The row's primary key. */
  rowId: string;
}

/** A stored value that did not open: wrong key, moved from another row, or altered. */
export class SecretDecryptionError extends Error {
  constructor(location: SecretLocation, reason: string) {
    super(`Cannot decrypt ${location.table}.${location.column} of ${location.rowId}: ${reason}`);
    this.name = 'SecretDecryptionError';
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** `v1:<kid>:<iv>:<tag>:<ciphertext>`, every part base64url. */
const SEALED = /^v1:([A-Za-z0-9_-]+):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

/** Whether a stored value is a ciphertext (anything else was written in clear). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`);
}

/** The id of the key that sealed a value, or undefined for a clear or malformed one. */
export function sealedKid(stored: string): string | undefined {
  return SEALED.exec(stored)?.[1];
}

/**
 * Binds the ciphertext to its format version, key id and location: a value copied to
 * another row or column, or relabelled with another kid, fails authentication.
 */
function aadOf(kid: string, location: SecretLocation): Buffer {
  return Buffer.from(
    `${VERSION}:${kid}:${location.table}.${location.column}:${location.rowId}`,
    'utf8',
  );
}

export interface SecretBox {
  /** Id of the key new values are sealed with. */
  readonly currentKid: string;
  /** Every key id this box can open. */
  readonly kids: readonly string[];
  /** AES-256-GCM under the current key, with a fresh random IV per value. */
  seal(plaintext: string, location: SecretLocation): string;
  /** Opens a sealed value; throws `SecretDecryptionError` for anything that does not open. */
  open(stored: string, location: SecretLocation): string;
}

/**
 * The one place secrets are encrypted and decrypted. Random 96-bit IVs keep AES-GCM safe
 * up to 2^32 values per key, far above what a deployment seals (TOTP secrets, signing
 * keys); rotation starts a new key long before that.
 */
export function createSecretBox(ring: EncryptionKeyRing): SecretBox {
  const byKid = new Map<string, EncryptionKey>(
    [ring.current, ...ring.previous].map((key) => [key.kid, key]),
  );
  const current = ring.current;
  return {
    currentKid: current.kid,
    kids: [...byKid.keys()],
    seal(plaintext, location) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.dataKey, iv);
      cipher.setAAD(aadOf(current.kid, location));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
      return [VERSION, current.kid, ...parts].join(':');
    },
    open(stored, location) {
      const match = SEALED.exec(stored);
      if (!match) throw new SecretDecryptionError(location, 'not a v1 ciphertext');
      const [, kid = '', iv = '', tag = '', ciphertext = ''] = match;
      const key = byKid.get(kid);
      if (!key) throw new SecretDecryptionError(location, `sealed with unknown key ${kid}`);
      const decipher = createDecipheriv('aes-256-gcm', key.dataKey, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aadOf(kid, location));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        const bytes = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]);
        return bytes.toString('utf8');
      } catch {
        throw new SecretDecryptionError(
          location,
          'authentication failed (wrong key, another row’s value, or altered)',
        );
      }
    },
  };
}

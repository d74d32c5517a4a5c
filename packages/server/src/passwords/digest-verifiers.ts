import { createCipheriv, createHash, pbkdf2, scrypt, type ScryptOptions } from 'node:crypto';
import { hashRaw as argon2HashRaw } from '@node-rs/argon2';
import { verify as bcryptVerify } from '@node-rs/bcrypt';
import { safeEqual } from './constant-time.js';
import { MAX_SCRYPT_MEMORY } from './digest-costs.js';
import { iterateHash } from './iterated-hash.js';
import type { ParsedDigest } from './parsed-digest.js';
import { phpassChecksum } from './phpass.js';

/**
 * Kept for callers written when argon2 could not be verified: no hasher throws it any
 * more (argon2 verifies with `@node-rs/argon2`).
 */
export class UnsupportedHasherError extends Error {
  constructor(
    readonly hasher: string,
    readonly needs: string,
  ) {
    super(
      `Verifying ${hasher} password digests needs ${needs}, which this build does not include.`,
    );
    this.name = 'UnsupportedHasherError';
  }
}

function pbkdf2Async(
  password: Buffer,
  salt: Buffer,
  iterations: number,
  length: number,
  digest: string,
) {
  return new Promise<Buffer>((resolve, reject) =>
    pbkdf2(password, salt, iterations, length, digest, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function scryptAsync(password: Buffer, salt: Buffer, length: number, options: ScryptOptions) {
  // maxmem is a ceiling, not an allocation; parsers already bound the real need.
  const withCeiling = { ...options, maxmem: 2 * MAX_SCRYPT_MEMORY };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, length, withCeiling, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Firebase's scrypt: the derived key encrypts the project's signer key (AES-256-CTR, zero IV). */
async function firebaseScrypt(
  password: Buffer,
  digest: Extract<ParsedDigest, { kind: 'scrypt-firebase' }>,
) {
  const salt = Buffer.concat([digest.salt, digest.saltSeparator]);
  const options = { N: 2 ** digest.memCost, r: digest.rounds, p: 1 };
  const key = await scryptAsync(password, salt, 32, options);
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(digest.signerKey), cipher.final()]);
}

/**
 * argon2 with the digest's own parameters, on libuv's thread pool (`hashRaw` is async in
 * the native binding). Hashing and comparing here rather than calling `verify` keeps the
 * version a digest without `v=` means (0x10) in our hands, and the comparison constant-time.
 */
function argon2Hash(password: Buffer, digest: Extract<ParsedDigest, { kind: 'argon2' }>) {
  // The package's `Algorithm` and `Version` are ambient const enums, which isolated
  // modules cannot read; these are their values (Argon2i 1, Argon2id 2; V0x10 0, V0x13 1).
  return argon2HashRaw(password, {
    algorithm: digest.variant === 'argon2i' ? 1 : 2,
    version: digest.version === 19 ? 1 : 0,
    memoryCost: digest.memory,
    timeCost: digest.passes,
    parallelism: digest.lanes,
    outputLen: digest.expected.length,
    salt: digest.salt,
  });
}

/** Symfony's legacy MessageDigestPasswordHasher: `password{salt}`, then re-hashed with it. */
function symfonyHash(password: string, digest: Extract<ParsedDigest, { kind: 'symfony' }>) {
  const salted = Buffer.from(digest.salt === '' ? password : `${password}{${digest.salt}}`, 'utf8');
  return iterateHash('sha512', salted, salted, digest.iterations - 1);
}

/**
 * Checks `password` against a parsed digest. Every byte comparison goes through
 * `crypto.timingSafeEqual`; bcrypt compares inside its native binding. The heavy KDFs
 * run on libuv's thread pool, the iterated legacy hashes yield between chunks.
 */
export async function verifyParsedDigest(digest: ParsedDigest, password: string): Promise<boolean> {
  const secret = Buffer.from(password, 'utf8');
  switch (digest.kind) {
    case 'bcrypt': {
      const input =
        digest.prehash === 'sha256-hex'
          ? createHash('sha256').update(secret).digest('hex')
          : password + digest.pepper;
      return bcryptVerify(input, digest.bcryptHash);
    }
    case 'plain-hash':
      return safeEqual(createHash(digest.algorithm).update(secret).digest(), digest.expected);
    case 'pbkdf2': {
      const { salt, iterations, expected, algorithm } = digest;
      return safeEqual(
        await pbkdf2Async(secret, salt, iterations, expected.length, algorithm),
        expected,
      );
    }
    case 'scrypt': {
      const options = { N: digest.cost, r: digest.blockSize, p: digest.parallelization };
      const key = await scryptAsync(secret, digest.salt, digest.expected.length, options);
      return safeEqual(key, digest.expected);
    }
    case 'scrypt-firebase':
      return safeEqual(await firebaseScrypt(secret, digest), digest.expected);
    case 'phpass':
      return safeEqual(
        await phpassChecksum(password, digest.salt, digest.log2Rounds),
        digest.expected,
      );
    case 'ssha': {
      const computed = createHash('sha1').update(secret).update(digest.salt).digest();
      return safeEqual(computed, digest.expected);
    }
    case 'symfony':
      return safeEqual(await symfonyHash(password, digest), digest.expected);
    case 'argon2':
      // Node 20 has no argon2 in node:crypto (it arrives in Node 24.7).
      return safeEqual(await argon2Hash(secret, digest), digest.expected);
  }
}

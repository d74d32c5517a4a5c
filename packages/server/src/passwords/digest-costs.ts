import type { ParsedDigest } from './parsed-digest.js';

/**
 * An imported digest names its own cost, and every sign-in against it pays that cost on
 * this server's cores: a bcrypt cost of 31 or 2^30 phpass rounds would pin a core for
 * hours per attempt. Each cap sits well above what real exports use (docs/behaviour.md
 * lists them and why) and keeps one verification under about a second of one core.
 */

/** Laravel 11, Rails and PHP 8.4 default to 12; 14 is 4× that (~0.8 s of a core). */
export const MAX_BCRYPT_COST = 14;
/**
 * PBKDF2 work in HMAC blocks: iterations × output blocks (a key longer than the hash
 * repeats the whole chain). Django 5.2 uses 1 million, OWASP asks 600,000 for SHA-256
 * and 1.3 million for SHA-1, each one block.
 */
export const MAX_PBKDF2_WORK = 2_000_000;
/** WordPress writes 2^13 rounds (`$P$B`), phpBB 2^11 (`$H$9`): 2^16 is 8× WordPress. */
export const MAX_PHPASS_LOG2_ROUNDS = 16;
/** Symfony's legacy MessageDigestPasswordHasher defaults to 5,000 iterations. */
export const MAX_SYMFONY_ITERATIONS = 50_000;
/**
 * scrypt needs 128 · N · r bytes and time in proportion to N · r · p: 64 MiB admits
 * passlib's default (N 2^16, r 8), Werkzeug's (2^15) and Firebase's (2^14).
 */
export const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024;
/**
 * argon2 allocates m KiB for each verification and its time grows with m × t: PHP's
 * default is m 64 MiB t 4 (the work cap), argon2-cffi's m 64 MiB t 3, Django's m 100 MiB
 * t 2. 128 MiB keeps four concurrent sign-ins (libuv's four threads) within 512 MiB; the
 * work cap keeps one under about a second of a core (PHP's default measures 0.3 s here).
 */
export const MAX_ARGON2_MEMORY_KIB = 128 * 1024;
/** m × t in KiB-passes: 64 MiB × 4 passes. */
export const MAX_ARGON2_WORK = 256 * 1024;
export const MAX_ARGON2_LANES = 16;

const HASH_BYTES = { sha1: 20, sha256: 32, sha512: 64 } as const;

function scryptBytes(cost: number, blockSize: number, parallelization: number): number {
  return 128 * cost * blockSize * parallelization;
}

const mib = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} MiB`;

/**
 * Why verifying `digest` would cost more than Castellan allows, or `undefined` when it is
 * within the caps. The text completes "The password_digest …".
 */
export function digestCostProblem(digest: ParsedDigest): string | undefined {
  switch (digest.kind) {
    case 'bcrypt':
      return digest.cost > MAX_BCRYPT_COST
        ? `has bcrypt cost ${digest.cost}; at most ${MAX_BCRYPT_COST} is accepted`
        : undefined;
    case 'pbkdf2': {
      const blocks = Math.ceil(digest.expected.length / HASH_BYTES[digest.algorithm]);
      const work = digest.iterations * blocks;
      return work > MAX_PBKDF2_WORK
        ? `needs ${work.toLocaleString('en')} PBKDF2 rounds (${digest.iterations.toLocaleString('en')} iterations × ${blocks} output blocks); at most ${MAX_PBKDF2_WORK.toLocaleString('en')} are accepted`
        : undefined;
    }
    case 'phpass':
      return digest.log2Rounds > MAX_PHPASS_LOG2_ROUNDS
        ? `has 2^${digest.log2Rounds} phpass rounds; at most 2^${MAX_PHPASS_LOG2_ROUNDS} are accepted`
        : undefined;
    case 'symfony':
      return digest.iterations > MAX_SYMFONY_ITERATIONS
        ? `has ${digest.iterations.toLocaleString('en')} iterations; at most ${MAX_SYMFONY_ITERATIONS.toLocaleString('en')} are accepted`
        : undefined;
    case 'scrypt':
    case 'scrypt-firebase': {
      const bytes =
        digest.kind === 'scrypt'
          ? scryptBytes(digest.cost, digest.blockSize, digest.parallelization)
          : scryptBytes(2 ** digest.memCost, digest.rounds, 1);
      return bytes > MAX_SCRYPT_MEMORY
        ? `needs ${mib(bytes)} of scrypt work (128 · N · r · p bytes); at most ${mib(MAX_SCRYPT_MEMORY)} is accepted`
        : undefined;
    }
    case 'argon2': {
      const { memory: m, passes: t, lanes: p } = digest;
      const within =
        m <= MAX_ARGON2_MEMORY_KIB && m * t <= MAX_ARGON2_WORK && p <= MAX_ARGON2_LANES;
      return within
        ? undefined
        : `has argon2 m=${m},t=${t},p=${p}; at most m=${MAX_ARGON2_MEMORY_KIB} (KiB), m × t=${MAX_ARGON2_WORK} and p=${MAX_ARGON2_LANES} are accepted`;
    }
    case 'plain-hash':
    case 'ssha':
      return undefined;
  }
}

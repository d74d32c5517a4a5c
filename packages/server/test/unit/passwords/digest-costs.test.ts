import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import {
  assertDigestMatchesHasher,
  type PasswordHasher,
  verifyPassword,
} from '../../../src/passwords/password-hash.js';
import { PASSWORD_VECTORS } from '../../fixtures/password-vectors.js';

// Issue 6: an imported digest chose its own cost (bcrypt 31, 2^30 phpass rounds, 10 million
// PBKDF2 iterations…), paid again on every sign-in.

const PASSWORD = 'correct horse battery staple';

/** Digests at the highest accepted cost, made by the libraries that write them. */
const AT_CAP: [PasswordHasher, string, string][] = [
  [
    'bcrypt',
    '$2b$14$h/VqhQwiGJCNBciDWaqBm.2REymFkYnpEb2czDCyu0wmKhlPtLdGG',
    'pyca/bcrypt 3.2 hashpw(gensalt(14))',
  ],
  [
    'pbkdf2_sha256_django',
    'pbkdf2_sha256$2000000$castellanSalt2026$hq6iJofMz+jHm1+JU8ZlSwRcWwAI7vzYZKMN+0Y5xjo=',
    'passlib 1.7 django_pbkdf2_sha256, 2,000,000 rounds',
  ],
  [
    'pbkdf2_sha1',
    'pbkdf2_sha1$1000000$pbkdf2-sha1-salt$2a7659681dc8189cc170ac6298f107cd6668e185c857893245ab9ef7e0f9f331',
    "Python hashlib.pbkdf2_hmac('sha1', …, 1000000, dklen=32): 2 output blocks",
  ],
  ['phpass', '$P$ECstlnSltBEkN0BxaVSIHVmRq/vJ3d/', 'passlib 1.7 phpass, rounds=16'],
  [
    'scrypt_werkzeug',
    'scrypt:65536:8:1$werkzeugSalt2026$ec7acce516d94abed28b6c234ee4c6b2df6855f941d32b84262d17ae063455b7e6b0abe852f07554ade20dcb054c3fc0488fb6b5b11772ccf440ab33f885a756',
    'Python hashlib.scrypt (OpenSSL), N=2^16 r=8 p=1: 64 MiB',
  ],
  [
    'sha512_symfony',
    'sha512_symfony$50000$s4lt$FczeIjIqGO9KMDjkrOmNjR4BYg1bMK7LkTzGprk2vMfy65oVkJhx4vFtvPmG9ml1+4OISPZpzBrZxre/MjPPpQ==',
    'Symfony MessageDigestPasswordHasher::hash, 50,000 iterations: Python 3.11 hashlib',
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=65536,p=1,t=4$Y2FzdGVsbGFuLWFyZ29uMg$8Soeg4KW5DkACjuelt1WhVRPUYaznKCXmVfpjbd7RFg',
    "argon2 (node) 0.45.1 at PHP's defaults, m 64 MiB t 4 p 1: the work cap",
  ],
];

const FIREBASE = PASSWORD_VECTORS.find((f) => f.hasher === 'scrypt_firebase')!.digest;
const HEX64 = 'ab'.repeat(32);

/** One step over each cap, with what the message must name. */
const OVER_CAP: [PasswordHasher, string, RegExp][] = [
  [
    'bcrypt',
    '$2b$15$h/VqhQwiGJCNBciDWaqBm.2REymFkYnpEb2czDCyu0wmKhlPtLdGG',
    /bcrypt cost 15; at most 14/,
  ],
  [
    'bcrypt',
    '$2a$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW',
    /bcrypt cost 31; at most 14/,
  ],
  [
    'bcrypt_sha256_django',
    'bcrypt_sha256$$2b$15$h/VqhQwiGJCNBciDWaqBm.2REymFkYnpEb2czDCyu0wmKhlPtLdGG',
    /bcrypt cost 15/,
  ],
  [
    'pbkdf2_sha256_django',
    'pbkdf2_sha256$2000001$castellanSalt2026$hq6iJofMz+jHm1+JU8ZlSwRcWwAI7vzYZKMN+0Y5xjo=',
    /2,000,001 PBKDF2 rounds .* at most 2,000,000/,
  ],
  [
    'pbkdf2_sha1',
    `pbkdf2_sha1$1000001$pbkdf2-sha1-salt$${HEX64}`,
    /2,000,002 PBKDF2 rounds \(1,000,001 iterations × 2 output blocks\)/,
  ],
  ['pbkdf2_sha512', `pbkdf2_sha512$10000000$salt$${HEX64}`, /10,000,000 PBKDF2 rounds/],
  ['phpass', '$P$FCstlnSltBEkN0BxaVSIHVmRq/vJ3d/', /2\^17 phpass rounds; at most 2\^16/],
  ['md5_phpass', '$H$SIQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0', /2\^30 phpass rounds/],
  ['scrypt_werkzeug', `scrypt:131072:8:1$salt$${HEX64}`, /128 MiB of scrypt work/],
  ['scrypt_werkzeug', `scrypt:65536:8:2$salt$${HEX64}`, /128 MiB of scrypt work/],
  [
    'scrypt_firebase',
    FIREBASE.split('$').slice(0, 5).concat('17').join('$'),
    /128 MiB of scrypt work/,
  ],
  ['sha512_symfony', `sha512_symfony$50001$s4lt$${Buffer.alloc(64).toString('base64')}`, /50,001/],
  [
    'argon2id',
    '$argon2id$v=19$m=131073,t=1,p=1$Y2FzdGVsbGFuLWFyZ29uMg$8Soeg4KW5DkACjuelt1WhVRPUYaznKCXmVfpjbd7RFg',
    /m=131073,t=1,p=1; at most m=131072 \(KiB\), m × t=262144 and p=16/,
  ],
  [
    'argon2i',
    '$argon2i$v=19$m=65536,t=5,p=1$Y2FzdGVsbGFuLWFyZ29uMg$8Soeg4KW5DkACjuelt1WhVRPUYaznKCXmVfpjbd7RFg',
    /m=65536,t=5,p=1/,
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=65536,t=1,p=17$Y2FzdGVsbGFuLWFyZ29uMg$8Soeg4KW5DkACjuelt1WhVRPUYaznKCXmVfpjbd7RFg',
    /m=65536,t=1,p=17/,
  ],
];

function importError(hasher: PasswordHasher, digest: string): ClerkApiError {
  try {
    assertDigestMatchesHasher(hasher, digest);
  } catch (error) {
    expect(error).toBeInstanceOf(ClerkApiError);
    return error as ClerkApiError;
  }
  throw new Error(`${hasher} digest was accepted`);
}

describe('imported digests at the highest accepted cost', () => {
  it.each(AT_CAP)('%s is accepted and verifies (%s… from %s)', async (hasher, digest) => {
    expect(() => assertDigestMatchesHasher(hasher, digest)).not.toThrow();
    expect(await verifyPassword(hasher, digest, PASSWORD)).toBe(true);
    expect(await verifyPassword(hasher, digest, `${PASSWORD}!`)).toBe(false);
  });
});

describe('imported digests over a cap', () => {
  it.each(OVER_CAP)('%s %s is refused with a 422 naming the cap', async (hasher, digest, why) => {
    const error = importError(hasher, digest);
    expect(error.status).toBe(422);
    expect(error.errors[0]).toMatchObject({
      code: 'form_password_digest_invalid_code',
      meta: { param_name: 'password_digest' },
    });
    expect(error.errors[0]!.longMessage).toMatch(why);
    // One stored before the caps existed never costs a verification: it cannot match.
    expect(await verifyPassword(hasher, digest, PASSWORD)).toBe(false);
  });

  it('refuses a digest over 1,024 characters before parsing it', () => {
    const pepper = 'x'.repeat(1024);
    const error = importError('bcrypt_peppered', `${AT_CAP[0]![1]}$${pepper}`);
    expect(error.errors[0]!.longMessage).toMatch(/not a valid bcrypt_peppered password digest/);
  });
});

describe('legacy iterated hashing', () => {
  it('runs phpass and Symfony rounds off the event loop (a worker thread), several at once', async () => {
    const phpass = AT_CAP.find(([h]) => h === 'phpass')![1];
    const symfony = AT_CAP.find(([h]) => h === 'sha512_symfony')![1];
    await verifyPassword('phpass', phpass, PASSWORD); // starts the workers
    // Utilization is the share of time the loop was busy rather than waiting: hashing on
    // it would make that close to 1 for the whole verification, whatever its speed.
    const before = performance.eventLoopUtilization();
    const results = await Promise.all([
      verifyPassword('phpass', phpass, PASSWORD),
      verifyPassword('sha512_symfony', symfony, PASSWORD),
      verifyPassword('phpass', phpass, 'wrong'),
    ]);
    const { utilization } = performance.eventLoopUtilization(before);
    expect(results).toEqual([true, true, false]);
    expect(utilization).toBeLessThan(0.5);
  });
});

import { describe, expect, it } from 'vitest';
import { ClerkApiError } from '../../../src/errors/clerk-api-error.js';
import { assertDigestMatchesHasher } from '../../../src/passwords/password-hash.js';
import type { PasswordHasher } from '../../../src/passwords/password-hashers.js';
import { PASSWORD_VECTORS } from '../../fixtures/password-vectors.js';

const BCRYPT = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
const FIREBASE = PASSWORD_VECTORS.find((f) => f.hasher === 'scrypt_firebase')!.digest;
const firebaseWith = (index: number, value: string) =>
  FIREBASE.split('$')
    .map((part, i) => (i === index ? value : part))
    .join('$');
const HEX40 = 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957';
const B64_32 = Buffer.alloc(32, 7).toString('base64');
const B64_64 = Buffer.alloc(64, 7).toString('base64');

/** Digests that break the documented format of their hasher, each for one reason. */
const MALFORMED: [PasswordHasher, string, string][] = [
  ['bcrypt', BCRYPT.slice(0, -1), 'one character short'],
  ['bcrypt', BCRYPT.replace('$2a$', '$2x$'), 'the $2x$ variant'],
  ['bcrypt', BCRYPT.replace('$05$', '$03$'), 'cost below 4'],
  ['bcrypt', BCRYPT.replace('$05$', '$32$'), 'cost above 31'],
  ['bcrypt', `${BCRYPT}$pepper`, 'a pepper on plain bcrypt'],
  ['bcrypt', BCRYPT.replace('C.E5', 'C!E5'), 'a character outside bcrypt base64'],
  ['bcrypt_sha256_django', BCRYPT, 'no bcrypt_sha256$ prefix'],
  ['bcrypt_sha256_django', `bcrypt_sha256${BCRYPT}`, 'a single $ after the prefix'],
  ['bcrypt_peppered', BCRYPT, 'no pepper'],
  ['bcrypt_peppered', `${BCRYPT}$`, 'an empty pepper'],
  ['md5', '5f4dcc3b5aa765d61d8327deb882cf9', '31 hex digits'],
  ['md5', '5f4dcc3b5aa765d61d8327deb882cf9g', 'a non-hex digit'],
  ['sha256', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0', '63 hex digits'],
  ['sha256', '5f4dcc3b5aa765d61d8327deb882cf99', 'an md5 digest'],
  ['pbkdf2_sha1', `pbkdf2_sha1$0$salt$${HEX40}`, 'zero iterations'],
  ['pbkdf2_sha1', `pbkdf2_sha1$01$salt$${HEX40}`, 'a leading zero in the iterations'],
  ['pbkdf2_sha1', `pbkdf2_sha1$1$$${HEX40}`, 'an empty salt'],
  ['pbkdf2_sha1', `pbkdf2_sha1$1$salt$${HEX40}$32`, 'a key length that disagrees with the hash'],
  ['pbkdf2_sha1', `pbkdf2_sha1$1$salt$${B64_32}`, 'a base64 hash'],
  ['pbkdf2_sha1', 'pbkdf2_sha1$1$salt$abcd', 'a hash under 16 bytes'],
  ['pbkdf2_sha256', `pbkdf2_sha256$1$c2FsdA==$${B64_32.replace(/w/g, '-')}`, 'a base64url hash'],
  ['pbkdf2_sha256', `pbkdf2_sha256$1$not base64!$${B64_32}`, 'a salt that is not base64'],
  ['pbkdf2_sha256', `pbkdf2_sha512$1$c2FsdA==$${B64_32}`, 'the wrong prefix'],
  ['pbkdf2_sha256', `pbkdf2_sha256$1$c2FsdA==`, 'three parts'],
  ['pbkdf2_sha256_django', `pbkdf2_sha256$1$salt$${B64_32}=`, 'broken base64 padding'],
  ['pbkdf2_sha512', `pbkdf2_sha512$1000$salt$${B64_64}`, 'a base64 hash'],
  ['pbkdf2_sha512_hex', `pbkdf2_sha512_hex$1000$not-hex$${HEX40}`, 'a salt that is not hex'],
  ['pbkdf2_sha512_hex', `pbkdf2_sha512$1000$c0ffee$${HEX40}`, 'the pbkdf2_sha512 prefix'],
  ['phpass', '$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L', 'a 21-character checksum'],
  ['phpass', '$H$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0', 'the $H$ prefix'],
  ['phpass', '$P$4IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0', 'fewer than 2^7 rounds'],
  ['phpass', '$P$zIQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0', 'more than 2^30 rounds'],
  ['md5_phpass', '$Q$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0', 'an unknown prefix'],
  ['scrypt_firebase', FIREBASE.split('$').slice(0, 5).join('$'), 'five parts'],
  ['scrypt_firebase', firebaseWith(0, B64_32), 'a hash shorter than the signer key'],
  ['scrypt_firebase', firebaseWith(4, '0'), 'zero rounds'],
  ['scrypt_firebase', firebaseWith(5, '31'), 'a memory cost over 2^30'],
  ['scrypt_firebase', firebaseWith(1, ''), 'an empty salt'],
  ['scrypt_werkzeug', `scrypt:1000:8:1$salt$${HEX40}`, 'N not a power of two'],
  ['scrypt_werkzeug', `pbkdf2:sha256:600000$salt$${HEX40}`, "Werkzeug's pbkdf2 method"],
  ['scrypt_werkzeug', `scrypt:1024:8:1$$${HEX40}`, 'an empty salt'],
  ['scrypt_werkzeug', 'scrypt:1024:8:1$salt', 'no hash'],
  ['ldap_ssha', `{SHA}${Buffer.alloc(20).toString('base64')}`, 'unsalted {SHA}'],
  ['ldap_ssha', `{SSHA}${Buffer.alloc(20).toString('base64')}`, 'no salt after the SHA-1'],
  ['ldap_ssha', '{SSHA}!!!!', 'not base64'],
  [
    'argon2i',
    '$argon2id$v=19$m=64,t=4,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'an argon2id digest',
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=64,t=4,p=8$c2FsdA$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'a 4-byte salt',
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=4,t=4,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'memory below 8 × lanes',
  ],
  [
    'argon2id',
    '$argon2id$v=18$m=64,t=4,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'an unknown version',
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=64,t=4,t=4$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'a parameter twice and p missing',
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=64,t=4$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'no p',
  ],
  [
    'argon2i',
    '$argon2i$v=19$m=64,t=4,p=8,keyid=abc$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'a keyid (a secret Clerk has no field for)',
  ],
  [
    'argon2i',
    '$argon2i$v=19$m=64,t=0,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'zero passes',
  ],
  [
    'argon2id',
    '$argon2d$v=19$m=64,t=4,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
    'argon2d',
  ],
  ['sha512_symfony', `sha512_symfony$0$salt$${B64_64}`, 'zero iterations'],
  ['sha512_symfony', `sha512_symfony$5000$sa{lt$${B64_64}`, 'a brace in the salt'],
  ['sha512_symfony', `sha512_symfony$5000$salt$${B64_32}`, 'a 32-byte hash'],
  ['sha512_symfony', `sha256_symfony$5000$salt$${B64_64}`, 'the wrong prefix'],
];

describe('assertDigestMatchesHasher on malformed digests', () => {
  it.each(MALFORMED)('refuses %s with %s (%s)', (hasher, digest) => {
    let error: unknown;
    try {
      assertDigestMatchesHasher(hasher, digest);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClerkApiError);
    const { status, errors } = error as ClerkApiError;
    expect(status).toBe(422);
    expect(errors[0]).toMatchObject({
      code: 'form_password_digest_invalid_code',
      meta: { param_name: 'password_digest' },
    });
  });

  it('refuses an empty digest for every hasher', () => {
    for (const [hasher] of MALFORMED)
      expect(() => assertDigestMatchesHasher(hasher, '')).toThrow(ClerkApiError);
  });

  it('accepts the upper bounds it documents (costs: digest-costs.test.ts)', () => {
    expect(() =>
      assertDigestMatchesHasher('pbkdf2_sha1', `pbkdf2_sha1$2000000$salt$${HEX40}`),
    ).not.toThrow();
    expect(() =>
      assertDigestMatchesHasher('scrypt_werkzeug', `scrypt:65536:8:1$salt$${HEX40}`),
    ).not.toThrow();
    expect(() =>
      assertDigestMatchesHasher('ldap_ssha', `{ssha}${Buffer.alloc(24).toString('base64')}`),
    ).not.toThrow();
    expect(() =>
      assertDigestMatchesHasher('scrypt_werkzeug', `scrypt$salt$${HEX40}`),
    ).not.toThrow();
  });
});

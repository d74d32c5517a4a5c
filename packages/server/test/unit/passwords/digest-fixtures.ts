/**
 * Known-good digests for every hasher: published vectors where one exists, otherwise
 * made here with node:crypto / bcrypt following each source system's own recipe.
 */
import { createHash, pbkdf2Sync, scryptSync } from 'node:crypto';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import type { PasswordHasher } from '../../../src/passwords/password-hashers.js';

export interface DigestFixture {
  hasher: PasswordHasher;
  digest: string;
  password: string;
  source: string;
}

export const UNICODE_PASSWORD = 'Pässwörd-🔑-ñ';

const b64 = (bytes: Buffer) => bytes.toString('base64');

/** Symfony MessageDigestPasswordHasher::hash, written out as its PHP source reads. */
export function symfonyReference(password: string, salt: string, iterations: number): string {
  const salted = salt === '' ? password : `${password}{${salt}}`;
  let digest = createHash('sha512').update(salted).digest();
  for (let i = 1; i < iterations; i++) {
    digest = createHash('sha512')
      .update(Buffer.concat([digest, Buffer.from(salted)]))
      .digest();
  }
  return b64(digest);
}

export const PUBLISHED: DigestFixture[] = [
  {
    hasher: 'bcrypt',
    password: 'U*U',
    digest: '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW',
    source: 'OpenBSD bcrypt test vectors',
  },
  {
    hasher: 'bcrypt',
    password: 'rasmuslerdorf',
    digest: '$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a',
    source: 'PHP manual, password_verify()',
  },
  {
    hasher: 'md5',
    password: 'password',
    digest: '5f4dcc3b5aa765d61d8327deb882cf99',
    source: "Clerk's md5 example",
  },
  {
    hasher: 'sha256',
    password: 'test',
    digest: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    source: "Clerk's sha256 example",
  },
  {
    hasher: 'pbkdf2_sha1',
    password: 'password',
    digest: 'pbkdf2_sha1$4096$salt$4b007901b765489abead49d926f721d065a429c1',
    source: 'RFC 6070 test 3',
  },
  {
    hasher: 'pbkdf2_sha1',
    password: 'password',
    digest: 'pbkdf2_sha1$2$73616c74$ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957$20',
    source: 'RFC 6070 test 2, hex salt and key-length form',
  },
  {
    hasher: 'pbkdf2_sha256',
    password: 'passwd',
    digest:
      'pbkdf2_sha256$1$c2FsdA==$' +
      b64(
        Buffer.from(
          '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc' +
            '49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
          'hex',
        ),
      ),
    source: 'RFC 7914 section 11',
  },
  {
    hasher: 'scrypt_firebase',
    password: 'user1password',
    digest: [
      'lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==',
      '42xEC+ixf3L2lw==',
      'jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
      'Bw==',
      '8',
      '14',
    ].join('$'),
    source: 'firebase/scrypt README',
  },
  {
    hasher: 'phpass',
    password: 'test12345',
    digest: '$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0',
    source: 'phpass test.php',
  },
  {
    hasher: 'md5_phpass',
    password: 'test12345',
    digest: '$H$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0',
    source: 'phpass test.php under phpBB’s $H$ prefix (same algorithm)',
  },
  {
    hasher: 'sha512_symfony',
    password: 'password',
    digest: `sha512_symfony$1$$${b64(createHash('sha512').update('password').digest())}`,
    source: 'Symfony MessageDigestPasswordHasherTest: 1 iteration, no salt = plain digest',
  },
];

/** Digests made here for the Unicode password, one per hasher without a published vector. */
export async function generated(password = UNICODE_PASSWORD): Promise<DigestFixture[]> {
  const secret = Buffer.from(password, 'utf8');
  const sha256Hex = createHash('sha256').update(secret).digest('hex');
  const werkzeug = scryptSync(secret, 'werkzeugSalt1234', 64, { N: 1024, r: 8, p: 1 });
  const sshaSalt = Buffer.from('a1b2c3d4', 'hex');
  const ssha = Buffer.concat([
    createHash('sha1').update(secret).update(sshaSalt).digest(),
    sshaSalt,
  ]);
  const make = (hasher: PasswordHasher, digest: string, source: string): DigestFixture => ({
    hasher,
    digest,
    password,
    source,
  });
  return [
    make('bcrypt', await bcryptHash(secret, 4), '@node-rs/bcrypt'),
    make(
      'bcrypt_sha256_django',
      `bcrypt_sha256$${await bcryptHash(sha256Hex, 4)}`,
      'Django BCryptSHA256PasswordHasher',
    ),
    make(
      'bcrypt_peppered',
      `${await bcryptHash(`${password}pepper$1`, 4)}$pepper$1`,
      'Devise pepper',
    ),
    make('md5', createHash('md5').update(secret).digest('hex').toUpperCase(), 'upper-case hex'),
    make('sha256', createHash('sha256').update(secret).digest('hex'), 'node:crypto'),
    make(
      'pbkdf2_sha256',
      `pbkdf2_sha256$1000$${b64(Buffer.from('0123456789abcdef'))}$${b64(pbkdf2Sync(secret, '0123456789abcdef', 1000, 32, 'sha256'))}`,
      'node:crypto',
    ),
    make(
      'pbkdf2_sha256_django',
      `pbkdf2_sha256$1000$seasalt$${b64(pbkdf2Sync(secret, 'seasalt', 1000, 32, 'sha256'))}`,
      'Django PBKDF2PasswordHasher',
    ),
    make(
      'pbkdf2_sha512',
      `pbkdf2_sha512$1000$plainsalt$${pbkdf2Sync(secret, 'plainsalt', 1000, 64, 'sha512').toString('hex')}`,
      'node:crypto',
    ),
    make(
      'pbkdf2_sha512_hex',
      `pbkdf2_sha512_hex$1000$c0ffee00$${pbkdf2Sync(secret, Buffer.from('c0ffee00', 'hex'), 1000, 64, 'sha512').toString('hex')}`,
      'node:crypto',
    ),
    make(
      'pbkdf2_sha1',
      `pbkdf2_sha1$1000$not-hex-salt$${pbkdf2Sync(secret, 'not-hex-salt', 1000, 32, 'sha1').toString('hex')}`,
      'raw salt',
    ),
    make(
      'scrypt_werkzeug',
      `scrypt:1024:8:1$werkzeugSalt1234$${werkzeug.toString('hex')}`,
      'Werkzeug generate_password_hash',
    ),
    make(
      'scrypt_werkzeug',
      `$scrypt:1024:8:1$werkzeugSalt1234$${b64(werkzeug)}`,
      "Clerk's $args$salt$base64 form",
    ),
    make('ldap_ssha', `{SSHA}${b64(ssha)}`, 'OpenLDAP slappasswd recipe'),
    make(
      'sha512_symfony',
      `sha512_symfony$5000$s4lt$${symfonyReference(password, 's4lt', 5000)}`,
      'Symfony legacy defaults',
    ),
  ];
}

/** Clerk's documented argon2 examples: well-formed, but not verifiable on Node 20. */
export const ARGON2_EXAMPLES: [PasswordHasher, string][] = [
  [
    'argon2i',
    '$argon2i$v=19$m=4096,t=3,p=1$4t6CL3P7YiHBtwESXawI8Hm20zJj4cs7/4/G3c187e0$m7RQFczcKr5bIR0IIxbpO2P0tyrLjf3eUW3M3QSwnLc',
  ],
  [
    'argon2id',
    '$argon2id$v=19$m=64,t=4,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU',
  ],
];

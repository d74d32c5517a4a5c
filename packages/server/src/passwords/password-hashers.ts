/**
 * The password hashers an imported `password_digest` may name. The spec's
 * `PasswordHasher` schema is a plain string whose description lists the accepted
 * names; that list is taken whole, plus `bcrypt_peppered`, which Clerk's
 * create-user reference documents with an exact format and which is verifiable.
 * The other names that reference mentions are refused on purpose (REFUSED below says
 * why, and the 422 repeats it): guessing a format could lock every imported user out.
 */
export const PASSWORD_HASHERS = [
  'argon2i',
  'argon2id',
  'bcrypt',
  'bcrypt_peppered',
  'bcrypt_sha256_django',
  'ldap_ssha',
  'md5',
  'md5_phpass',
  'pbkdf2_sha1',
  'pbkdf2_sha256',
  'pbkdf2_sha256_django',
  'pbkdf2_sha512',
  'pbkdf2_sha512_hex',
  'phpass',
  'scrypt_firebase',
  'scrypt_werkzeug',
  'sha256',
  'sha512_symfony',
] as const;

export type PasswordHasher = (typeof PASSWORD_HASHERS)[number];

const known: ReadonlySet<string> = new Set(PASSWORD_HASHERS);

/** Hashers Clerk's reference names that Castellan refuses, with the reason the 422 gives. */
const REFUSED: ReadonlyMap<string, string> = new Map([
  ['awscognito', 'verifying it needs a live call to the Cognito user pool the digest came from'],
  [
    'md5_salted',
    'its salt$hash form does not say whether the salt goes before or after the password',
  ],
  [
    'sha256_salted',
    'its salt$hash form does not say whether the salt goes before or after the password',
  ],
  ['hmac_sha256_utf16_b64', 'its digest format is not documented'],
]);

/** Why `name` cannot be imported, completing "password_hasher `name` is not supported: …". */
export function unsupportedHasherReason(name: string): string {
  return REFUSED.get(name) ?? `the supported hashers are ${PASSWORD_HASHERS.join(', ')}.`;
}

export function isPasswordHasher(name: string): name is PasswordHasher {
  return known.has(name);
}

/**
 * Hashers whose digests Clerk re-hashes with bcrypt after the first successful sign-in
 * ("insecure" in its create-user reference). The sign-in flow can use this to upgrade
 * the stored digest.
 */
export const INSECURE_HASHERS: ReadonlySet<PasswordHasher> = new Set<PasswordHasher>([
  'md5',
  'sha256',
  'sha512_symfony',
]);

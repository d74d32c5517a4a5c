/**
 * The password hashers an imported `password_digest` may name. The spec's
 * `PasswordHasher` schema is a plain string whose description lists the accepted
 * names; that list is taken whole, plus `bcrypt_peppered`, which Clerk's
 * create-user reference documents with an exact format and which is verifiable.
 *
 * Left out on purpose (answered as an unknown hasher): `awscognito` (verifying needs
 * a live call to the user's Cognito pool), `md5_salted` and `sha256_salted` (Clerk
 * documents `salt$hash` but not whether the salt goes before or after the password,
 * so a guess could lock every imported user out), `hmac_sha256_utf16_b64` (no
 * documented format).
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

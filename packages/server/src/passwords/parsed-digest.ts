/** Shortest derived key or digest accepted: shorter ones are trivially brute-forced. */
export const MIN_HASH_BYTES = 16;
/** Longest derived key accepted: PBKDF2 and scrypt cost grows with it. */
export const MAX_KEY_BYTES = 256;

/** What a digest parser extracts: everything a verifier needs, already decoded. */
export type ParsedDigest =
  | {
      kind: 'bcrypt';
      bcryptHash: string;
      /** log2 of the rounds, from the digest (`$2b$12$…` is 12). */
      cost: number;
      /** Django's bcrypt_sha256 hashes the hex SHA-256 of the password, not the password. */
      prehash: 'none' | 'sha256-hex';
      /** Devise's pepper, appended to the password before hashing; '' when none. */
      pepper: string;
    }
  | { kind: 'plain-hash'; algorithm: 'md5' | 'sha256'; expected: Buffer }
  | {
      kind: 'pbkdf2';
      algorithm: 'sha1' | 'sha256' | 'sha512';
      iterations: number;
      salt: Buffer;
      expected: Buffer;
    }
  | {
      kind: 'scrypt';
      cost: number;
      blockSize: number;
      parallelization: number;
      salt: Buffer;
      expected: Buffer;
    }
  | {
      kind: 'scrypt-firebase';
      salt: Buffer;
      saltSeparator: Buffer;
      signerKey: Buffer;
      rounds: number;
      memCost: number;
      expected: Buffer;
    }
  | { kind: 'phpass'; log2Rounds: number; setting: string; salt: string; expected: Buffer }
  | { kind: 'ssha'; salt: Buffer; expected: Buffer }
  | { kind: 'symfony'; iterations: number; salt: string; expected: Buffer }
  | {
      kind: 'argon2';
      variant: 'argon2i' | 'argon2id';
      /** 16 (0x10) or 19 (0x13); a digest without `v=` is 16, as the reference code reads it. */
      version: 16 | 19;
      memory: number;
      passes: number;
      lanes: number;
      salt: Buffer;
      expected: Buffer;
    };

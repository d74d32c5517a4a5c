import {
  decodeBase64,
  decodeBase64Min,
  decodeHex,
  decodeSalt,
  parseCount,
  type SaltCoding,
} from './byte-codecs.js';
import type { PasswordHasher } from './password-hashers.js';
import { parsePhpass } from './phpass.js';
import { parseScryptFirebase, parseScryptWerkzeug } from './scrypt-digests.js';
import { MAX_KEY_BYTES, MIN_HASH_BYTES, type ParsedDigest } from './parsed-digest.js';

/**
 * One parser per hasher, each following the digest format Clerk documents for it
 * (create-user reference). A parser returns `undefined` for anything it cannot use,
 * so a digest that passes here is one `verifyParsedDigest` can check. What a digest may
 * cost to verify is bounded separately, with its own message (digest-costs.ts); counts
 * here only have to fit in the integers the algorithms take.
 */
const MAX_COUNT = 2 ** 32 - 1;

const BCRYPT = '\\$2[aby]\\$(?:0[4-9]|[12]\\d|3[01])\\$[./A-Za-z0-9]{53}';
const bcryptOnly = new RegExp(`^(${BCRYPT})$`);
const bcryptPeppered = new RegExp(`^(${BCRYPT})\\$(.+)$`, 's');
const bcryptSha256Django = new RegExp(`^bcrypt_sha256\\$(${BCRYPT})$`);
const argon2 = /^\$(argon2id?)\$(?:v=(16|19)\$)?([a-z0-9=,]+)\$([^$]+)\$([^$]+)$/;

type Parser = (digest: string) => ParsedDigest | undefined;

function bcryptParser(pattern: RegExp, prehash: 'none' | 'sha256-hex'): Parser {
  return (digest) => {
    const match = pattern.exec(digest);
    if (!match?.[1]) return undefined;
    const cost = Number(match[1].slice(4, 6));
    return { kind: 'bcrypt', bcryptHash: match[1], cost, prehash, pepper: match[2] ?? '' };
  };
}

function hexDigestParser(algorithm: 'md5' | 'sha256', hexLength: number): Parser {
  return (digest) => {
    if (digest.length !== hexLength) return undefined;
    const expected = decodeHex(digest);
    return expected && { kind: 'plain-hash', algorithm, expected };
  };
}

interface Pbkdf2Format {
  prefix: string;
  algorithm: 'sha1' | 'sha256' | 'sha512';
  salt: SaltCoding;
  hash: 'hex' | 'base64';
  /** pbkdf2_sha1 may carry the key length as a fifth part. */
  keyLengthPart?: boolean;
}

function pbkdf2Parser(format: Pbkdf2Format): Parser {
  return (digest) => {
    const parts = digest.split('$');
    const extra = format.keyLengthPart && parts.length === 5;
    if (parts.length !== 4 && !extra) return undefined;
    const [prefix, iterationsText, saltText = '', hashText = '', keyLengthText] = parts;
    if (prefix !== format.prefix) return undefined;
    const iterations = parseCount(iterationsText, MAX_COUNT);
    const salt = decodeSalt(saltText, format.salt);
    const expected = format.hash === 'hex' ? decodeHex(hashText) : decodeBase64(hashText);
    if (!iterations || !salt || !expected) return undefined;
    if (expected.length < MIN_HASH_BYTES || expected.length > MAX_KEY_BYTES) return undefined;
    if (extra && parseCount(keyLengthText, MAX_KEY_BYTES) !== expected.length) return undefined;
    return { kind: 'pbkdf2', algorithm: format.algorithm, iterations, salt, expected };
  };
}

/** OpenLDAP `{SSHA}` + base64(SHA-1(password ‖ salt) ‖ salt). */
function parseLdapSsha(digest: string): ParsedDigest | undefined {
  if (digest.slice(0, 6).toUpperCase() !== '{SSHA}') return undefined;
  const bytes = decodeBase64Min(digest.slice(6), 21);
  return bytes && { kind: 'ssha', expected: bytes.subarray(0, 20), salt: bytes.subarray(20) };
}

/**
 * `m=…,t=…,p=…` in any order: the reference code writes m, t, p, but node-argon2 writes
 * m, p, t. Each exactly once; the optional `keyid`/`data` parameters need a secret or
 * associated data Clerk has no field for, so a digest using them is refused.
 */
function parseArgon2Params(text: string): { m: number; t: number; p: number } | undefined {
  const params = new Map<string, number | undefined>();
  for (const pair of text.split(',')) {
    const [name = '', value, extra] = pair.split('=');
    if (!['m', 't', 'p'].includes(name) || extra !== undefined || params.has(name))
      return undefined;
    params.set(name, parseCount(value, MAX_COUNT));
  }
  const [m, t, p] = [params.get('m'), params.get('t'), params.get('p')];
  return m && t && p ? { m, t, p } : undefined;
}

/** PHC string; the hasher's name must match the variant in the digest. */
function argon2Parser(variant: 'argon2i' | 'argon2id'): Parser {
  return (digest) => {
    const match = argon2.exec(digest);
    if (!match || match[1] !== variant) return undefined;
    const params = parseArgon2Params(match[3] ?? '');
    const salt = decodeBase64Min(match[4] ?? '', 8);
    const expected = decodeBase64Min(match[5] ?? '', 4);
    if (!params || !salt || !expected || params.m < 8 * params.p) return undefined;
    const version = match[2] === '19' ? 19 : 16;
    const { m: memory, t: passes, p: lanes } = params;
    return { kind: 'argon2', variant, version, memory, passes, lanes, salt, expected };
  };
}

/** `sha512_symfony$iterations$salt$base64hash`; Symfony refuses salts with braces. */
function parseSymfony(digest: string): ParsedDigest | undefined {
  const parts = digest.split('$');
  if (parts.length !== 4 || parts[0] !== 'sha512_symfony') return undefined;
  const iterations = parseCount(parts[1], MAX_COUNT);
  const salt = parts[2] ?? '';
  const expected = decodeBase64(parts[3] ?? '');
  if (!iterations || /[{}]/.test(salt) || expected?.length !== 64) return undefined;
  return { kind: 'symfony', iterations, salt, expected };
}

export const digestParsers: Record<PasswordHasher, Parser> = {
  argon2i: argon2Parser('argon2i'),
  argon2id: argon2Parser('argon2id'),
  bcrypt: bcryptParser(bcryptOnly, 'none'),
  bcrypt_peppered: bcryptParser(bcryptPeppered, 'none'),
  bcrypt_sha256_django: bcryptParser(bcryptSha256Django, 'sha256-hex'),
  ldap_ssha: parseLdapSsha,
  md5: hexDigestParser('md5', 32),
  // Undocumented by Clerk; phpBB writes phpass's portable hash under `$H$`.
  md5_phpass: (digest) => parsePhpass(digest, ['$P$', '$H$']),
  pbkdf2_sha1: pbkdf2Parser({
    prefix: 'pbkdf2_sha1',
    algorithm: 'sha1',
    salt: 'hex-or-raw',
    hash: 'hex',
    keyLengthPart: true,
  }),
  pbkdf2_sha256: pbkdf2Parser({
    prefix: 'pbkdf2_sha256',
    algorithm: 'sha256',
    salt: 'base64',
    hash: 'base64',
  }),
  pbkdf2_sha256_django: pbkdf2Parser({
    prefix: 'pbkdf2_sha256',
    algorithm: 'sha256',
    salt: 'raw',
    hash: 'base64',
  }),
  pbkdf2_sha512: pbkdf2Parser({
    prefix: 'pbkdf2_sha512',
    algorithm: 'sha512',
    salt: 'raw',
    hash: 'hex',
  }),
  pbkdf2_sha512_hex: pbkdf2Parser({
    prefix: 'pbkdf2_sha512_hex',
    algorithm: 'sha512',
    salt: 'hex',
    hash: 'hex',
  }),
  phpass: (digest) => parsePhpass(digest, ['$P$']),
  scrypt_firebase: parseScryptFirebase,
  scrypt_werkzeug: parseScryptWerkzeug,
  sha256: hexDigestParser('sha256', 64),
  sha512_symfony: parseSymfony,
};
